using Mailroom.Core.Records;
using Mailroom.Pages.Records;

namespace Mailroom.Tests.Web;

/// <summary>What the record page does to a mail's HTML before the sandboxed frame shows it.</summary>
public sealed class MailHtmlSanitizerTests
{
    private static readonly Dictionary<string, MailAttachment> NoImages = [];

    [Fact]
    public void Inline_images_become_data_urls_and_unknown_or_unsafe_ones_are_dropped()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47 };
        var images = new Dictionary<string, MailAttachment>(StringComparer.OrdinalIgnoreCase)
        {
            ["logo@mail"] = new(1, "logo.png", "image/png", png.Length, "logo@mail", true, png),
            ["evil@mail"] = new(2, "evil.svg", "image/svg+xml", 10, "evil@mail", true, "<svg/>"u8.ToArray()),
        };

        var result = MailHtmlSanitizer.Sanitize(
            "<img src=\"cid:logo@mail\"><img src=\"cid:evil@mail\"><img src=\"cid:missing@mail\">", images, allowRemoteImages: false);

        Assert.Contains("src=\"data:image/png;base64," + Convert.ToBase64String(png) + "\"", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("svg", result.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cid:", result.Html, StringComparison.Ordinal);
        Assert.Equal(0, result.BlockedRemoteImages);
    }

    [Fact]
    public void Remote_images_in_attributes_and_css_are_held_back_until_allowed_while_links_stay()
    {
        const string Html = """
            <img src="https://tracker.example/p.gif">
            <table background="http://tracker.example/bg.gif"><tr><td>cell</td></tr></table>
            <a href="https://example.test/help" style="background:url(https://tracker.example/a.gif)">help</a>
            """;

        var blocked = MailHtmlSanitizer.Sanitize(Html, NoImages, allowRemoteImages: false);
        var allowed = MailHtmlSanitizer.Sanitize(Html, NoImages, allowRemoteImages: true);

        Assert.DoesNotContain("tracker.example", blocked.Html, StringComparison.Ordinal);
        Assert.Equal(2, blocked.BlockedRemoteImages); // the img and the CSS url(); a table's background attribute is not even allowed
        Assert.Contains("href=\"https://example.test/help\"", blocked.Html, StringComparison.Ordinal);
        Assert.Contains("https://tracker.example/p.gif", allowed.Html, StringComparison.Ordinal);
        Assert.Equal(0, allowed.BlockedRemoteImages);
    }

    [Fact]
    public void Relative_and_script_urls_never_survive()
    {
        var result = MailHtmlSanitizer.Sanitize(
            "<a href=\"/options/accounts\">ours</a><img src=\"/records/1/attachments/1\"><a href=\"vbscript:x\">v</a><a href=\"data:text/html,<script>alert(1)</script>\">d</a>",
            NoImages, allowRemoteImages: true);

        Assert.DoesNotContain("href", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("src", result.Html, StringComparison.Ordinal);
    }
}
