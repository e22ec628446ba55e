namespace Mailroom.Data.Monitor;

/// <summary>A message's raw bytes written durably to a local file, with what was learned while writing them.</summary>
/// <param name="Path">The file, absolute.</param>
/// <param name="Digest">SHA-256 of the bytes, lower-case hex.</param>
/// <param name="Size">The number of bytes.</param>
public sealed record SpooledMessage(string Path, string Digest, long Size);
