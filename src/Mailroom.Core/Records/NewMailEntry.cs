namespace Mailroom.Core.Records;

/// <summary>
/// A Mail History entry to write: the mail's fields, its attachments and its raw bytes. The same shape serves mail the
/// monitor files and mail the desk sends.
/// </summary>
/// <param name="RecordId">The record's journal it goes on; null for mail kept on a customer only.</param>
/// <param name="CustomerId">Also (or only) on this customer's journal.</param>
/// <param name="Text">The journal's text for the entry (a reply's new text); null to show the text body.</param>
/// <param name="Mail">The mail's fields.</param>
/// <param name="Attachments">Files and inline images, in order.</param>
/// <param name="Raw">The whole message as received or as sent.</param>
/// <param name="NeedsAttention">Flag the entry for an agent.</param>
/// <param name="AttentionReason">Why.</param>
public sealed record NewMailEntry(
    long? RecordId,
    long? CustomerId,
    MailHistory Mail,
    IReadOnlyList<NewAttachment> Attachments,
    ReadOnlyMemory<byte> Raw,
    string? Text = null,
    bool NeedsAttention = false,
    string? AttentionReason = null);
