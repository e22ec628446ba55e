namespace Mailroom.Core.Accounts;

/// <summary>
/// A password or token held in memory. It never prints itself, so a record that holds one can be logged or
/// formatted without leaking it; only <see cref="Reveal"/> gives the value, at the point of use.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The plain value, for handing to a protocol client or to the sealing code.</summary>
    public string Reveal() => _value;

    public override string ToString() => "(secret)";

    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
