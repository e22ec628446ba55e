namespace Mailroom.Api;

/// <summary>A file to attach: its name, type (optional) and bytes as base64.</summary>
internal sealed record SendAttachmentInput(string? FileName, string? ContentType, string? Content);
