namespace Mailroom.Core.Records;

/// <summary>A customer, known by e-mail address (unique without regard to case).</summary>
public sealed record Customer(long Id, string Address, string? Name)
{
    /// <summary><c>Name &lt;address&gt;</c>, or the bare address when there is no name.</summary>
    public string Display => string.IsNullOrWhiteSpace(Name) ? Address : $"{Name} <{Address}>";
}
