namespace Mailroom.Core.Monitor;

/// <summary>One header field of an incoming message, its value decoded to text.</summary>
public sealed record MailHeader(string Name, string Value);
