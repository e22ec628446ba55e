using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>The text each enum value is stored as: stable, lower-case, independent of the C# names.</summary>
internal static class EnumText
{
    public static string Of(RecordStatus status) => RecordStatusText.Of(status);

    /// <summary>A stored status; only the exact stored spelling is read, so a row written by hand stands out.</summary>
    public static RecordStatus Status(string text) =>
        RecordStatusText.TryParse(text, out var status) && RecordStatusText.Of(status) == text
            ? status
            : throw new InvalidDataException($"Unknown record status '{text}' in the database.");

    public static string Of(RecordPriority priority) => priority.ToString().ToLowerInvariant();

    public static RecordPriority Priority(string text) =>
        Enum.TryParse<RecordPriority>(text, ignoreCase: true, out var p) ? p : RecordPriority.Medium;

    public static string Of(MailDirection direction) => direction == MailDirection.Incoming ? "in" : "out";

    public static MailDirection Direction(string text) => text == "in" ? MailDirection.Incoming : MailDirection.Outgoing;

    public static string Of(JournalEntryKind kind) => kind switch
    {
        JournalEntryKind.Mail => "mail",
        JournalEntryKind.Change => "change",
        _ => "note",
    };

    public static JournalEntryKind Kind(string text) => text switch
    {
        "mail" => JournalEntryKind.Mail,
        "change" => JournalEntryKind.Change,
        _ => JournalEntryKind.Note,
    };

    public static string Of(DeliveryState state) => state.ToString().ToLowerInvariant();

    public static DeliveryState? Delivery(string? text) =>
        text is null ? null : Enum.TryParse<DeliveryState>(text, ignoreCase: true, out var s) ? s : null;
}
