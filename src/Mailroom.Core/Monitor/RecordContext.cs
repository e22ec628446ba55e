namespace Mailroom.Core.Monitor;

/// <summary>What the engine found for a message with one item's <see cref="RecordFinding"/> steps.</summary>
/// <param name="RecordId">The existing record, or null.</param>
/// <param name="RecordStatus">That record's status (e.g. "Resolved"), or null.</param>
/// <param name="CustomerFound">The sender is a known customer (or a default customer stands in).</param>
public sealed record RecordContext(long? RecordId, string? RecordStatus, bool CustomerFound)
{
    public static RecordContext Nothing { get; } = new(null, null, false);
}
