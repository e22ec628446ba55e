using Mailroom.Data.Records;
using Mailroom.Shapes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Records;

/// <summary>
/// Downloads an attachment of a mail on the record, streamed from the store. Always as a download
/// (<c>Content-Disposition: attachment</c>) and with a content type a browser will not run: a mail's
/// <c>text/html</c> or SVG opened on this site's origin could act with the agent's sign-in.
/// </summary>
public sealed class RecordAttachmentModel(RecordStore records, JournalStore journal) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long number, long attachmentId, CancellationToken cancellationToken)
    {
        var record = await records.GetByNumberAsync(number, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        var stored = await journal.OpenAttachmentAsync(attachmentId, cancellationToken);
        if (stored is null)
        {
            return NotFound();
        }

        if (stored.RecordId != record.Id)
        {
            await stored.DisposeAsync();
            return NotFound();
        }

        Response.RegisterForDisposeAsync(stored);
        return AttachmentDownload.Result(stored);
    }
}
