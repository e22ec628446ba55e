namespace Mailroom.Core.Accounts;

/// <summary>Where an account puts the Conversation ID in outgoing mail.</summary>
public enum ConversationIdPlacement
{
    /// <summary>Appended to the subject line (the default).</summary>
    Subject,

    /// <summary>A line of its own in the body.</summary>
    Body,

    /// <summary>Not added to outgoing mail.</summary>
    Off,
}
