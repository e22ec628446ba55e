namespace Mailroom.Core.Monitor;

/// <summary>The item that handles a message, and the record context found with its steps.</summary>
/// <param name="Item">The item to run (the Skip item when skipped).</param>
/// <param name="Context">What its record finding found.</param>
/// <param name="SkippedBy">The skip rule that matched, when the message is skipped.</param>
public sealed record ItemSelection(MonitorItem Item, RecordContext Context, SkipRule? SkippedBy = null)
{
    /// <summary>Skipped: run no actions, but still do the post-action on the server.</summary>
    public bool IsSkipped => SkippedBy is not null;
}
