namespace Mailroom.Data.Outbox;

/// <summary>An outbox row as Dapper reads it.</summary>
internal sealed class OutboxRow
{
    public const string Columns = """
        o.id AS Id, o.entry_id AS EntryId, o.record_id AS RecordId, o.account_id AS AccountId, a.name AS AccountName,
        o.sender_user AS SenderUser, o.subject AS Subject, o.recipients AS Recipients, o.message_id AS MessageId,
        o.state AS State, o.attempts AS Attempts, o.created_at AS CreatedAt, o.next_attempt_at AS NextAttemptAt,
        o.give_up_at AS GiveUpAt, o.last_error AS LastError, o.sent_at AS SentAt, o.unknown_outcome AS UnknownOutcome
        """;

    public const string From = " FROM outbox o LEFT JOIN accounts a ON a.id = o.account_id";

    public long Id { get; set; }

    public long EntryId { get; set; }

    public long? RecordId { get; set; }

    public long AccountId { get; set; }

    public string? AccountName { get; set; }

    public string? SenderUser { get; set; }

    public string? Subject { get; set; }

    public string Recipients { get; set; } = "";

    public string MessageId { get; set; } = "";

    public string State { get; set; } = "";

    public int Attempts { get; set; }

    public long CreatedAt { get; set; }

    public long NextAttemptAt { get; set; }

    public long GiveUpAt { get; set; }

    public string? LastError { get; set; }

    public long? SentAt { get; set; }

    public bool UnknownOutcome { get; set; }

    public static OutboxState ParseState(string state) => Enum.Parse<OutboxState>(state, ignoreCase: true);

    public OutboxMessage ToMessage()
    {
        var state = ParseState(State);
        return new OutboxMessage
        {
            Id = Id,
            EntryId = EntryId,
            RecordId = RecordId,
            AccountId = AccountId,
            AccountName = AccountName,
            SenderUser = SenderUser,
            Subject = Subject,
            Recipients = Recipients,
            MessageId = MessageId,
            State = state,
            Attempts = Attempts,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            NextAttemptAt = state is OutboxState.Waiting ? DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAt) : null,
            GiveUpAt = DateTimeOffset.FromUnixTimeMilliseconds(GiveUpAt),
            LastError = LastError,
            SentAt = SentAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            UnknownOutcome = UnknownOutcome,
        };
    }
}
