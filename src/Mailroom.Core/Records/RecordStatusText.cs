namespace Mailroom.Core.Records;

/// <summary>
/// A record status as text: the one spelling the database stores, the commands and the API print and accept, the
/// pages offer and monitor items write (<c>new</c>, <c>in-progress</c>, <c>resolved</c>, <c>closed</c>). Kept apart
/// from the C# names, so renaming an enum member never changes what is stored or typed.
/// </summary>
public static class RecordStatusText
{
    /// <summary>Every status's text, in the order a person reads them.</summary>
    public static readonly IReadOnlyList<string> All = [Of(RecordStatus.New), Of(RecordStatus.InProgress), Of(RecordStatus.Resolved), Of(RecordStatus.Closed)];

    /// <summary>The texts of the open statuses (New and In progress), as <see cref="Record.IsOpen"/> counts them.</summary>
    public static readonly IReadOnlyList<string> Open = [Of(RecordStatus.New), Of(RecordStatus.InProgress)];

    /// <summary>The list people are shown when a status is wrong: "new, in-progress, resolved or closed".</summary>
    public static readonly string Choices = string.Join(", ", All.Take(All.Count - 1)) + " or " + All[^1];

    /// <summary>The text of <paramref name="status"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined status.</exception>
    public static string Of(RecordStatus status) => status switch
    {
        RecordStatus.New => "new",
        RecordStatus.InProgress => "in-progress",
        RecordStatus.Resolved => "resolved",
        RecordStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a record status."),
    };

    /// <summary>Reads a status a person typed; see <see cref="TryParse"/>.</summary>
    /// <exception cref="Validation.ValidationException">Field <paramref name="field"/>: not a status, with the choices.</exception>
    public static RecordStatus Parse(string? text, string field = "status") => TryParse(text, out var status)
        ? status
        : throw new Validation.ValidationException(field, $"'{text}' is not a status; use {Choices}.");

    /// <summary>
    /// Reads a status as a person may type it: any letter case, with or without the dash of <c>in-progress</c> (or a
    /// space or underscore in its place). Monitor items store the C# name (<c>InProgress</c>), which reads too.
    /// </summary>
    public static bool TryParse(string? text, out RecordStatus status)
    {
        status = default;
        var key = text is null ? null : string.Concat(text.Where(char.IsAsciiLetter)).ToUpperInvariant();
        switch (key)
        {
            case "NEW":
                status = RecordStatus.New;
                return true;
            case "INPROGRESS":
                status = RecordStatus.InProgress;
                return true;
            case "RESOLVED":
                status = RecordStatus.Resolved;
                return true;
            case "CLOSED":
                status = RecordStatus.Closed;
                return true;
            default:
                return false;
        }
    }
}
