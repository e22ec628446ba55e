namespace Mailroom.Core.Monitor;

/// <summary>
/// Create a record: subject from the mail, description from the reply's new text, requester from the sender, and
/// the fields the item sets (field name → value, e.g. "priority" → "High").
/// </summary>
public sealed record CreateRecordAction(string RecordType = "Incident", IReadOnlyDictionary<string, string>? Fields = null)
    : MonitorAction;
