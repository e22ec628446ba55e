namespace Mailroom.Core.Records;

/// <summary>Whether a Mail History entry was received or sent.</summary>
public enum MailDirection
{
    Incoming,
    Outgoing,
}
