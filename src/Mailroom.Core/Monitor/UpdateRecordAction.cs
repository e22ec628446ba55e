namespace Mailroom.Core.Monitor;

/// <summary>Update the found record: set its status (e.g. reopen → "In progress") and the given fields.</summary>
public sealed record UpdateRecordAction(string? Status = null, IReadOnlyDictionary<string, string>? Fields = null)
    : MonitorAction;
