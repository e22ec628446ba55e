namespace Mailroom.Engine.Monitor;

/// <summary>
/// Text from a message made fit for a database column. PostgreSQL refuses a NUL character in text outright (SQLite
/// keeps it), so one NUL in a hostile subject would fail the whole filing group and stall the mailbox; it is dropped.
/// </summary>
internal static class DatabaseText
{
    public static string? Clean(string? text) =>
        text is null || !text.Contains('\0', StringComparison.Ordinal) ? text : text.Replace("\0", string.Empty, StringComparison.Ordinal);

    public static string Clean(string text, string fallback) => Clean(text) is { Length: > 0 } clean ? clean : fallback;
}
