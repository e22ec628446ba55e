namespace Mailroom.Core.Monitor;

/// <summary>The outcome of <see cref="MailClassifier.Classify"/>.</summary>
/// <param name="Kind">What the message is.</param>
/// <param name="Reason">Why, in words an administrator understands (e.g. "Auto-Submitted: auto-replied").</param>
/// <param name="BouncedMessageId">For a bounce: the Message-ID of the message that could not be delivered, when the
/// report names it, so the engine can mark that outgoing message failed and file the bounce on its record.</param>
public sealed record MailClassification(MailKind Kind, string Reason, string? BouncedMessageId = null)
{
    /// <summary>Only mail written by a person may open a new record; bounces, auto-replies and loops never do.</summary>
    public bool MayCreateRecord => Kind == MailKind.Normal;
}
