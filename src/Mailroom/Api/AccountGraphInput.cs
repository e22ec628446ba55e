namespace Mailroom.Api;

/// <summary>The <c>graph</c> object of a Graph account's input: the mailbox, and Graph's root (<c>""</c> goes back to the default).</summary>
internal sealed record AccountGraphInput(string? Mailbox, string? GraphUrl);
