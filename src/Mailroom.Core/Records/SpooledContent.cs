namespace Mailroom.Core.Records;

/// <summary>
/// Bytes the application wrote to a file of its own (a decoded attachment spooled to disk) to be stored from there:
/// the store streams the file in, so a large attachment costs a buffer, not its size. Core only names the file;
/// whoever wrote it reads and deletes it.
/// </summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Length">Its length in bytes: exactly what the store writes.</param>
public sealed record SpooledContent(string Path, long Length);
