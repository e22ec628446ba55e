using Mailroom.Core.Monitor;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// What filing needs that is the same for every message of a check: the installation's Conversation ID prefix and the
/// monitor's items with its skip rules, read and parsed once per check (<see cref="IMessageFiler.PrepareAsync"/>)
/// rather than again for every message on connections of their own.
/// </summary>
/// <param name="Prefix">The installation prefix, or null when none valid is set.</param>
/// <param name="Items">The parsed items (Skip first, Default last), or null when they cannot be read.</param>
/// <param name="ItemsProblem">Why the items cannot be read (each field and its problem), or null.</param>
internal sealed record FilingContext(string? Prefix, MonitorItems? Items, string? ItemsProblem)
{
    /// <summary>No prefix and no items: for filers that read nothing (tests).</summary>
    public static FilingContext Empty { get; } = new(null, null, null);
}
