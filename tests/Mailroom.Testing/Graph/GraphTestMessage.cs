using MimeKit;

namespace Mailroom.Testing.Graph;

/// <summary>
/// One message of a <see cref="GraphTestMailbox"/> as it is now (a snapshot: the mailbox replaces it on every
/// change). Two ids, as Outlook has them: <see cref="ImmutableId"/>, which stays while the message stays in the
/// mailbox, and <see cref="RestId"/>, the default id, which changes whenever it moves (outlook-immutable-id.md).
/// </summary>
public sealed record GraphTestMessage
{
    internal long Key { get; init; }

    public required string ImmutableId { get; init; }

    public required string RestId { get; init; }

    public required string FolderId { get; init; }

    /// <summary>The MIME as delivered (as added, or as sent by <c>sendMail</c>).</summary>
    public required byte[] Mime { get; init; }

    public bool IsRead { get; init; }

    public required string InternetMessageId { get; init; }

    public string Subject { get; init; } = "";

    public DateTimeOffset ReceivedDateTime { get; init; }

    public DateTimeOffset SentDateTime { get; init; }

    public DateTimeOffset CreatedDateTime { get; init; }

    public DateTimeOffset LastModifiedDateTime { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];

    public string Importance { get; init; } = "normal";

    public string InferenceClassification { get; init; } = "focused";

    public string FlagStatus { get; init; } = "notFlagged";

    public bool IsDraft { get; init; }

    /// <summary>Grows with every change; the change key and the etag are made from it.</summary>
    public long Version { get; init; }

    internal GraphMimeSummary Summary { get; init; } = null!;

    /// <summary>The MIME parsed, for assertions on headers.</summary>
    public MimeMessage Parse() => MimeMessage.Load(new MemoryStream(Mime));
}
