namespace Mailroom.Core.Sending;

/// <summary>A file to send with a message: its name, its MIME type (null: guessed from the name), its bytes.</summary>
public sealed record OutgoingAttachment(string FileName, string? ContentType, ReadOnlyMemory<byte> Content);
