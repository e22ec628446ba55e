using Ganss.Xss;
using Mailroom.Core.Records;

namespace Mailroom.Pages.Records;

/// <summary>
/// Makes a received HTML body safe to show: no scripts, event handlers, forms, frames or <c>javascript:</c> links
/// (HtmlSanitizer's allow-list), no relative URLs that would call this site, and no remote images unless the agent
/// asked for them, because a remote image tells the sender when and from where the mail was read. Inline images
/// (<c>cid:</c>) become <c>data:</c> URLs, so the sandboxed frame never needs this site's cookies.
/// </summary>
/// <remarks>
/// The result is shown in an <c>&lt;iframe sandbox&gt;</c> whose response carries its own strict
/// Content-Security-Policy; the sanitizer and the browser's sandbox are two independent walls.
/// </remarks>
internal static class MailHtmlSanitizer
{
    /// <summary>Inline images bigger than this are left out rather than inlined as <c>data:</c> URLs (they stay downloadable).</summary>
    public const long MaxInlineImageBytes = 2 * 1024 * 1024;

    private static readonly string[] UnsafeTags = ["form", "input", "button", "select", "textarea", "option", "optgroup", "fieldset", "legend", "label"];

    /// <summary>What came out, and whether remote images were held back (so the page offers to show them).</summary>
    public sealed record Result(string Html, int BlockedRemoteImages);

    /// <summary>Sanitises <paramref name="html"/>.</summary>
    /// <param name="html">The mail's HTML body, as received.</param>
    /// <param name="inlineImages">Inline images by bare Content-ID (no angle brackets), with their bytes.</param>
    /// <param name="allowRemoteImages">The agent asked to load remote images for this mail.</param>
    public static Result Sanitize(string html, IReadOnlyDictionary<string, MailAttachment> inlineImages, bool allowRemoteImages)
    {
        var blocked = 0;
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        foreach (var tag in UnsafeTags)
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        // Inside the frame nothing can cover this site's page, but fixed layers could still fake parts of the mail.
        sanitizer.AllowedCssProperties.Remove("position");
        sanitizer.AllowedAttributes.Remove("target");
        sanitizer.AllowDataAttributes = false;

        sanitizer.FilterUrl += (_, e) =>
        {
            var original = e.OriginalUrl.Trim();
            if (original.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            {
                var key = MessageIds.Bare(Uri.UnescapeDataString(original[4..]));
                e.SanitizedUrl = key is not null && inlineImages.TryGetValue(key, out var image) && image.Content is { } bytes
                    && bytes.Length <= MaxInlineImageBytes && image.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                    && !image.ContentType.Contains("svg", StringComparison.OrdinalIgnoreCase)
                    ? $"data:{image.ContentType.Split(';')[0].Trim()};base64,{Convert.ToBase64String(bytes.Span)}"
                    : null;
                return;
            }

            if (e.SanitizedUrl is null)
            {
                return;
            }

            // On Unix "/path" parses as an absolute file: URI, so the scheme is checked, not just absoluteness.
            if (!Uri.TryCreate(e.SanitizedUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "mailto"))
            {
                // A relative URL would resolve against this site: a mail has no business calling it.
                e.SanitizedUrl = null;
                return;
            }

            // The href of a link is a link; anything else on it (a CSS url() in its style) loads like an image.
            var isLink = e.Tag.LocalName is "a" or "area" && string.Equals(e.Tag.GetAttribute("href")?.Trim(), original, StringComparison.Ordinal);
            if (!isLink && uri.Scheme is "http" or "https" && !allowRemoteImages)
            {
                blocked++;
                e.SanitizedUrl = null;
            }
        };

        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.HasAttribute("href"))
            {
                // Links open in a new tab, away from the sandbox, and tell the target nothing about where they came from.
                link.SetAttribute("target", "_blank");
                link.SetAttribute("rel", "noopener noreferrer");
            }
        };

        var clean = sanitizer.Sanitize(html);
        return new Result(clean, blocked);
    }

    /// <summary>The document the frame shows: the sanitised fragment with a base style, nothing else.</summary>
    public static string Document(string sanitizedFragment) =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">"
        + "<style>body{margin:.5rem;font:15px/1.45 system-ui,sans-serif;color:#1d2430;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>"
        + "</head><body>" + sanitizedFragment + "</body></html>";
}
