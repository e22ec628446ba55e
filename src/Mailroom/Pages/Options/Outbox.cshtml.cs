using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Engine.Outbox;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options;

/// <summary>
/// The outbox for administrators: queued (not tried yet, or being sent), retrying (with the last error and the next
/// try), failed (with the server's words); retry a failed or retrying message now, or cancel one not yet handed over.
/// </summary>
public sealed class OutboxModel(OutboxStore outbox, RecordStore records) : PageModel
{
    /// <summary>How many unsent messages the page lists; the command (<c>outbox list</c>) pages through more.</summary>
    public const int Limit = 500;

    private readonly Dictionary<long, long> _numbers = [];

    public IReadOnlyList<OutboxMessage> Queued { get; private set; } = [];

    public IReadOnlyList<OutboxMessage> Retrying { get; private set; } = [];

    public IReadOnlyList<OutboxMessage> Failed { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var unsent = await outbox.ListAsync(includeSent: false, Limit, cancellationToken);
        Queued = unsent.Where(m => m.State is OutboxState.Claimed or OutboxState.Sending || (m.State == OutboxState.Waiting && m.Attempts == 0)).ToList();
        Retrying = unsent.Where(m => m.State == OutboxState.Waiting && m.Attempts > 0).ToList();
        Failed = unsent.Where(m => m.State == OutboxState.Failed).ToList();
        foreach (var recordId in unsent.Select(m => m.RecordId).OfType<long>().Distinct())
        {
            if (await records.GetAsync(recordId, cancellationToken) is { } record)
            {
                _numbers[recordId] = record.Number;
            }
        }
    }

    public string RecordLink(OutboxMessage message) =>
        message.RecordId is { } id && _numbers.TryGetValue(id, out var number) ? $"/records/{number}#entry-{message.EntryId}" : "#";

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        Message = await outbox.RetryNowAsync(id, HttpContext.RequestServices.GetRequiredService<OutboxOptions>().RetryPeriod, cancellationToken) switch
        {
            OutboxRetryResult.Scheduled => $"Message {id} is due now, with a fresh retry period.",
            OutboxRetryResult.AlreadySent => $"Message {id} was sent already; retrying would deliver a second copy.",
            OutboxRetryResult.InProgress => $"Message {id} is being sent right now.",
            _ => $"There is no outbox message {id}.",
        };
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken cancellationToken)
    {
        Message = await outbox.CancelAsync(id, User.Identity?.Name ?? "an administrator", cancellationToken) switch
        {
            OutboxCancelResult.Cancelled => $"Message {id} is cancelled: it will not be sent, and its record shows why.",
            OutboxCancelResult.Finished => $"Message {id} was sent or failed already; there is nothing to cancel.",
            OutboxCancelResult.InProgress => $"Message {id} is being handed to the server right now and cannot be called back.",
            _ => $"There is no outbox message {id}.",
        };
        return RedirectToPage();
    }
}
