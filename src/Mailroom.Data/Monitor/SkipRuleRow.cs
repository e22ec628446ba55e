namespace Mailroom.Data.Monitor;

/// <summary>One skip rule of the Skip item; <see cref="Definition"/> is JSON of the Core skip-rule model.</summary>
public sealed class SkipRuleRow
{
    public long Id { get; set; }

    public long MonitorId { get; set; }

    public string Definition { get; set; } = "{}";
}
