namespace Mailroom.Core.Monitor;

/// <summary>What an item's record condition requires.</summary>
public enum RecordState
{
    /// <summary>No requirement.</summary>
    Any,

    /// <summary>An existing record was found (optionally with <see cref="MonitorItem.RecordStatus"/>).</summary>
    Found,

    /// <summary>No existing record was found.</summary>
    NotFound,
}
