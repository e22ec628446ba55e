using Mailroom.Data.Monitor;

namespace Mailroom.Engine.Monitor;

/// <summary>What filing did with a message.</summary>
/// <param name="Outcome">One of <see cref="MessageOutcome"/>.</param>
/// <param name="RecordId">The record it was filed on or opened, if any.</param>
/// <param name="Reason">Why it was skipped, not handled or flagged, for the administrator.</param>
/// <param name="Flagged">Filed, but an agent should look at it.</param>
internal sealed record FilingResult(string Outcome, long? RecordId = null, string? Reason = null, bool Flagged = false)
{
    public static FilingResult NewRecord(long recordId, string? note = null) => new(MessageOutcome.NewRecord, recordId, note);

    public static FilingResult Existing(long recordId, string? note = null, bool flagged = false) => new(MessageOutcome.FiledExisting, recordId, note, flagged);

    public static FilingResult Skipped(string reason, long? recordId = null) => new(MessageOutcome.Skipped, recordId, reason);

    public static FilingResult NotHandled(string reason) => new(MessageOutcome.NotHandled, null, reason);
}
