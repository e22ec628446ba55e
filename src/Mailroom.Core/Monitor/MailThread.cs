namespace Mailroom.Core.Monitor;

/// <summary>One conversation rebuilt by <see cref="ThreadBuilder"/>.</summary>
/// <param name="Keys">The messages of the thread, in the order they were given.</param>
/// <param name="ParentOf">For each message key, the key of the message it answers, or null for a root.</param>
public sealed record MailThread(IReadOnlyList<string> Keys, IReadOnlyDictionary<string, string?> ParentOf);
