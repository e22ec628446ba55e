namespace Mailroom.Data.Monitor;

/// <summary>Messages received in one hour (Unix milliseconds of its start) with one outcome (null: not filed yet).</summary>
public sealed class HourlyCount
{
    public long HourStart { get; set; }

    public string? Outcome { get; set; }

    public long Count { get; set; }
}
