using Mailroom.Data.Records;
using Mailroom.Shapes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Records;

/// <summary>Downloads the raw message of a mail on the record, exactly as received or sent, streamed from the store.</summary>
public sealed class RecordRawMailModel(RecordStore records, JournalStore journal) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long number, long entryId, CancellationToken cancellationToken)
    {
        var record = await records.GetByNumberAsync(number, cancellationToken);
        var raw = record is null ? null : await RawMailDownload.OpenAsync(journal, record.Id, entryId, cancellationToken);
        if (raw is null)
        {
            return NotFound();
        }

        Response.RegisterForDisposeAsync(raw);
        return new FileStreamResult(raw, RawMailDownload.ContentType) { FileDownloadName = RawMailDownload.FileName(entryId), EnableRangeProcessing = false };
    }
}
