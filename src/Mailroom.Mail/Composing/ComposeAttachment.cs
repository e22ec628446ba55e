namespace Mailroom.Mail.Composing;

/// <summary>A file to attach: its name, its MIME type (null: guessed from the name), its bytes.</summary>
public sealed record ComposeAttachment(string FileName, string? ContentType, ReadOnlyMemory<byte> Content);
