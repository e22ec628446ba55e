namespace Mailroom.Core.Accounts;

/// <summary>The History page: where sent and received mail is kept as Mail History.</summary>
/// <param name="AttachToRecord">Keep sent and received mail on the record's journal (on by default).</param>
/// <param name="AttachToCustomer">Also keep it on the customer's journal.</param>
/// <param name="ImportAttachments">Keep file attachments with the history entry (on by default).</param>
public sealed record HistoryOptions(bool AttachToRecord = true, bool AttachToCustomer = false, bool ImportAttachments = true)
{
    public static HistoryOptions Default { get; } = new();
}
