namespace Mailroom.Core.Records;

/// <summary>An attachment or inline image to store with a new Mail History entry.</summary>
public sealed record NewAttachment(string FileName, string ContentType, string? ContentId, bool IsInline, ReadOnlyMemory<byte> Content);
