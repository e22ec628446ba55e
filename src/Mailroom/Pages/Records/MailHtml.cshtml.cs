using Mailroom.Core.Records;
using Mailroom.Data.Records;
using Mailroom.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Records;

/// <summary>
/// A mail's HTML, sanitised, as the document of the sandboxed frame on the record page. Its response has a policy of
/// its own: nothing may run or load but inline styles and <c>data:</c> images (and remote images when asked for),
/// the browser sandboxes it, and only this site may frame it.
/// </summary>
public sealed class RecordMailHtmlModel(RecordStore records, JournalStore journal) : PageModel
{
    private const string Policy =
        "default-src 'none'; img-src data:{0}; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

    public async Task<IActionResult> OnGetAsync(long number, long entryId, int? images, CancellationToken cancellationToken)
    {
        var record = await records.GetByNumberAsync(number, cancellationToken);
        var entry = record is null ? null : await journal.GetAsync(entryId, cancellationToken);
        if (record is null || entry?.Mail?.HtmlBody is not { } html || entry.RecordId != record.Id)
        {
            return NotFound();
        }

        var inline = new Dictionary<string, MailAttachment>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in entry.Mail.Attachments.Where(a => a.ContentId is not null && a.Size <= MailHtmlSanitizer.MaxInlineImageBytes))
        {
            if (await journal.GetAttachmentAsync(a.Id, cancellationToken) is { } loaded)
            {
                inline[a.ContentId!] = loaded;
            }
        }

        var allowRemote = images == 1;
        var result = MailHtmlSanitizer.Sanitize(html, inline, allowRemote);
        HttpContext.Items[SecurityHeadersMiddleware.FramedContentPolicyItem] =
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Policy, allowRemote ? " https: http:" : "");
        Response.Headers.CacheControl = "no-store";
        return Content(MailHtmlSanitizer.Document(result.Html), "text/html; charset=utf-8");
    }
}
