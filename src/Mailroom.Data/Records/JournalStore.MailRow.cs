using Dapper;
using Mailroom.Core.Conversations;
using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>Writing a Mail History entry: its journal row and its mail row, together.</summary>
public sealed partial class JournalStore
{
    private const string JournalInsert = """
        INSERT INTO journal_entries (record_id, customer_id, kind, created_at, text, needs_attention, attention_reason)
        VALUES (@RecordId, @CustomerId, 'mail', @Now, @Text, @NeedsAttention, @AttentionReason) RETURNING id
        """;

    private const string HistoryColumns = """
        entry_id, direction, from_address, to_addresses, cc_addresses, bcc_addresses, subject, sent_at,
        message_id, message_id_key, in_reply_to, reference_ids, conversation_id, conversation_key, thread_index, thread_root,
        text_body, html_body, delivery_state, delivery_detail, raw_size, received_message_id
        """;

    private const string HistoryValues = """
        @Direction, @From, @To, @Cc, @Bcc, @Subject, @SentAt, @MessageId, @MessageIdKey, @InReplyTo, @References,
        @ConversationId, @ConversationKey, @ThreadIndex, @ThreadRoot, @TextBody, @HtmlBody, @DeliveryState, @DeliveryDetail, @RawSize,
        @ReceivedMessageId
        """;

    /// <summary>SQLite: the mail row after the journal row, whose new id it names.</summary>
    private const string HistoryInsert = "INSERT INTO mail_history (" + HistoryColumns + ") VALUES (@EntryId, " + HistoryValues + ")";

    /// <summary>
    /// PostgreSQL: both rows in one statement (a data-modifying WITH, which SQLite does not have), so writing an entry
    /// is one round trip to the server, not two.
    /// </summary>
    private const string JournalAndHistoryInsert = "WITH entry AS (" + JournalInsert + ") INSERT INTO mail_history ("
        + HistoryColumns + ") SELECT entry.id, " + HistoryValues + " FROM entry RETURNING entry_id";

    /// <summary>
    /// The journal entry and its Mail History row; <paramref name="receivedMessageId"/> names the ledger row whose raw
    /// bytes are the entry's (null: the entry keeps its own in <c>mail_raw</c>).
    /// </summary>
    private async Task<long> InsertMailAsync(UnitOfWork work, NewMailEntry entry, long rawSize, long? receivedMessageId,
        CancellationToken cancellationToken)
    {
        var row = MailRow.Of(entry, _time.GetUtcNow().ToUnixTimeMilliseconds(), rawSize, receivedMessageId);
        if (database.Dialect == SqlDialect.Postgres)
        {
            return await work.Connection.ExecuteScalarCachedAsync<long>(work.Command(JournalAndHistoryInsert, row, cancellationToken))
                .ConfigureAwait(false);
        }

        row.EntryId = await work.Connection.ExecuteScalarCachedAsync<long>(work.Command(JournalInsert, row, cancellationToken))
            .ConfigureAwait(false);
        await work.Connection.ExecuteCachedAsync(work.Command(HistoryInsert, row, cancellationToken)).ConfigureAwait(false);
        return row.EntryId;
    }

    /// <summary>The values of one entry's two rows, as the statements above name them.</summary>
    private sealed class MailRow
    {
        public long? RecordId { get; init; }

        public long? CustomerId { get; init; }

        public long Now { get; init; }

        public string? Text { get; init; }

        public bool NeedsAttention { get; init; }

        public string? AttentionReason { get; init; }

        public long EntryId { get; set; }

        public required string Direction { get; init; }

        public string? From { get; init; }

        public string? To { get; init; }

        public string? Cc { get; init; }

        public string? Bcc { get; init; }

        public string? Subject { get; init; }

        public long SentAt { get; init; }

        public string? MessageId { get; init; }

        public string? MessageIdKey { get; init; }

        public string? InReplyTo { get; init; }

        public string? References { get; init; }

        public string? ConversationId { get; init; }

        public string? ConversationKey { get; init; }

        public string? ThreadIndex { get; init; }

        public string? ThreadRoot { get; init; }

        public string? TextBody { get; init; }

        public string? HtmlBody { get; init; }

        public string? DeliveryState { get; init; }

        public string? DeliveryDetail { get; init; }

        public long RawSize { get; init; }

        public long? ReceivedMessageId { get; init; }

        public static MailRow Of(NewMailEntry entry, long now, long rawSize, long? receivedMessageId)
        {
            var mail = entry.Mail;
            var messageId = MessageIds.Bare(mail.MessageId);

            // Only a Thread-Index that reads is kept, in its canonical spelling; junk is no hint and is dropped here.
            var threadIndex = Core.Conversations.ThreadIndex.TryParse(mail.ThreadIndex, out var index) ? index : null;
            return new MailRow
            {
                RecordId = entry.RecordId,
                CustomerId = entry.CustomerId,
                Now = now,
                Text = entry.Text,
                NeedsAttention = entry.NeedsAttention,
                AttentionReason = entry.AttentionReason,
                Direction = EnumText.Of(mail.Direction),
                From = mail.From,
                To = mail.To,
                Cc = mail.Cc,
                Bcc = mail.Bcc,
                Subject = mail.Subject,
                SentAt = mail.Date?.ToUnixTimeMilliseconds() ?? now,
                MessageId = messageId,
                MessageIdKey = MessageIds.Key(messageId),
                InReplyTo = MessageIds.Bare(mail.InReplyTo),
                References = mail.References.Count == 0 ? null : string.Join(' ', mail.References.Select(MessageIds.Bare).Where(r => r is not null)),
                ConversationId = mail.ConversationId,
                ConversationKey = ConversationKeys.Key(mail.ConversationId),
                ThreadIndex = threadIndex?.Format(),
                ThreadRoot = threadIndex?.RootKey,
                TextBody = mail.TextBody,
                HtmlBody = mail.HtmlBody,
                DeliveryState = mail.DeliveryState is { } s ? EnumText.Of(s) : null,
                DeliveryDetail = mail.DeliveryDetail,
                RawSize = rawSize,
                ReceivedMessageId = receivedMessageId,
            };
        }
    }
}
