namespace Mailroom.Mail;

/// <summary>The server took the message; <paramref name="RejectedRecipients"/> lists any it refused, with its words.</summary>
public sealed record SendOutcome(IReadOnlyList<RejectedRecipient> RejectedRecipients)
{
    public static SendOutcome AllAccepted { get; } = new([]);
}
