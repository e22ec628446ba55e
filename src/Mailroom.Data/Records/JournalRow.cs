using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>A journal entry joined with its Mail History, as Dapper reads it.</summary>
internal sealed class JournalRow
{
    public const string Select = """
        SELECT j.id AS Id, j.record_id AS RecordId, j.customer_id AS CustomerId, j.kind AS Kind, j.created_at AS CreatedAt,
               j.text AS Text, j.author AS Author, j.needs_attention AS NeedsAttention, j.attention_reason AS AttentionReason,
               m.direction AS Direction, m.from_address AS FromAddress, m.to_addresses AS ToAddresses,
               m.cc_addresses AS CcAddresses, m.bcc_addresses AS BccAddresses, m.subject AS Subject, m.sent_at AS SentAt,
               m.message_id AS MessageId, m.in_reply_to AS InReplyTo, m.reference_ids AS ReferenceIds,
               m.conversation_id AS ConversationId, m.thread_index AS ThreadIndex, m.text_body AS TextBody, m.html_body AS HtmlBody,
               m.delivery_state AS DeliveryState, m.delivery_detail AS DeliveryDetail, m.raw_size AS RawSize
        FROM journal_entries j LEFT JOIN mail_history m ON m.entry_id = j.id
        """;

    public long Id { get; set; }

    public long? RecordId { get; set; }

    public long? CustomerId { get; set; }

    public string Kind { get; set; } = "";

    public long CreatedAt { get; set; }

    public string? Text { get; set; }

    public string? Author { get; set; }

    public bool NeedsAttention { get; set; }

    public string? AttentionReason { get; set; }

    public string? Direction { get; set; }

    public string? FromAddress { get; set; }

    public string? ToAddresses { get; set; }

    public string? CcAddresses { get; set; }

    public string? BccAddresses { get; set; }

    public string? Subject { get; set; }

    public long? SentAt { get; set; }

    public string? MessageId { get; set; }

    public string? InReplyTo { get; set; }

    public string? ReferenceIds { get; set; }

    public string? ConversationId { get; set; }

    public string? ThreadIndex { get; set; }

    public string? TextBody { get; set; }

    public string? HtmlBody { get; set; }

    public string? DeliveryState { get; set; }

    public string? DeliveryDetail { get; set; }

    public long? RawSize { get; set; }

    public JournalEntry ToEntry(IReadOnlyList<MailAttachment> attachments) => new()
    {
        Id = Id,
        RecordId = RecordId,
        CustomerId = CustomerId,
        Kind = EnumText.Kind(Kind),
        CreatedAt = Times.FromMs(CreatedAt),
        Text = Text,
        Author = Author,
        NeedsAttention = NeedsAttention,
        AttentionReason = AttentionReason,
        Mail = Direction is null ? null : new MailHistory
        {
            Direction = EnumText.Direction(Direction),
            From = FromAddress,
            To = ToAddresses,
            Cc = CcAddresses,
            Bcc = BccAddresses,
            Subject = Subject,
            Date = Times.FromMs(SentAt),
            MessageId = MessageId,
            InReplyTo = InReplyTo,
            References = string.IsNullOrEmpty(ReferenceIds) ? [] : ReferenceIds.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            ConversationId = ConversationId,
            ThreadIndex = ThreadIndex,
            TextBody = TextBody,
            HtmlBody = HtmlBody,
            Attachments = attachments,
            DeliveryState = EnumText.Delivery(DeliveryState),
            DeliveryDetail = DeliveryDetail,
            RawSize = RawSize ?? 0,
        },
    };
}
