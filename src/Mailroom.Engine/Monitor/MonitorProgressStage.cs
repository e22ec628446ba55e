namespace Mailroom.Engine.Monitor;

/// <summary>Which boundary of a check a <see cref="MonitorProgress"/> report comes from.</summary>
internal enum MonitorProgressStage
{
    /// <summary>The listing is known: how many messages and bytes are new; nothing received yet.</summary>
    Started,

    /// <summary>A batch is downloaded and durable (or was already in the ledger).</summary>
    Received,

    /// <summary>A batch is filed: its messages are done.</summary>
    Filed,

    /// <summary>The check ended, well or not; nothing more comes for it.</summary>
    Finished,
}
