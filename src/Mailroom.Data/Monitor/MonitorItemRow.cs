namespace Mailroom.Data.Monitor;

/// <summary>
/// One of the administrator's items, between the fixed Skip and Default. <see cref="Definition"/> is JSON of the
/// Core item model (conditions, record-finding steps, actions); the store does not look inside it.
/// </summary>
public sealed class MonitorItemRow
{
    public long Id { get; set; }

    public long MonitorId { get; set; }

    /// <summary>1-based order among the administrator's items; the first whose conditions hold runs.</summary>
    public int Position { get; set; }

    public string Name { get; set; } = "";

    public string Definition { get; set; } = "{}";
}
