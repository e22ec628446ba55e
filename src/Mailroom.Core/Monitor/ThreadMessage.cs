namespace Mailroom.Core.Monitor;

/// <summary>The reply headers of one message, for <see cref="ThreadBuilder"/>; ids without angle brackets.</summary>
/// <param name="Key">The caller's handle for the message (a file name, a database id).</param>
/// <param name="MessageId">Its Message-ID, or null.</param>
/// <param name="InReplyTo">Its In-Reply-To, or null.</param>
/// <param name="References">Its References, oldest first.</param>
public sealed record ThreadMessage(string Key, string? MessageId, string? InReplyTo, IReadOnlyList<string> References);
