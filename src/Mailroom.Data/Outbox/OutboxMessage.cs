namespace Mailroom.Data.Outbox;

/// <summary>One outbox row as <c>outbox list</c> and the pages show it.</summary>
public sealed record OutboxMessage
{
    public long Id { get; init; }

    public long EntryId { get; init; }

    public long? RecordId { get; init; }

    public long AccountId { get; init; }

    /// <summary>The account's name now (null if it was deleted).</summary>
    public string? AccountName { get; init; }

    /// <summary>The user whose personal credentials are used, when they are.</summary>
    public string? SenderUser { get; init; }

    public string? Subject { get; init; }

    /// <summary>Every recipient (To, Cc, Bcc), comma separated.</summary>
    public string Recipients { get; init; } = "";

    public string MessageId { get; init; } = "";

    public OutboxState State { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>After this a temporary failure counts as permanent.</summary>
    public DateTimeOffset GiveUpAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>A try ended with its outcome unknown (a crash or a broken connection after the data), so the message may arrive twice with the same Message-ID.</summary>
    public bool UnknownOutcome { get; init; }
}
