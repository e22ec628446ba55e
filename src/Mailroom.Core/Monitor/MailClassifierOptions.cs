namespace Mailroom.Core.Monitor;

/// <summary>What the classifier needs to know about this installation to recognise its own mail.</summary>
public sealed record MailClassifierOptions
{
    /// <summary>
    /// The Conversation ID prefix that sending writes into <see cref="Conversations.MailroomHeaders.Loop"/>. Null
    /// treats any value of that header as a loop.
    /// </summary>
    public string? InstallationPrefix { get; init; }

    /// <summary>The domain of the Message-IDs Mailroom generates; a message arriving with one is our own. Null: unused.</summary>
    public string? MessageIdDomain { get; init; }
}
