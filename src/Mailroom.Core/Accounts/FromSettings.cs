namespace Mailroom.Core.Accounts;

/// <summary>Which From addresses mail sent through an account may carry.</summary>
/// <param name="AllowUserAddress">A user may send from their own address (on by default).</param>
/// <param name="AllowArbitrary">Any address is allowed; off by default because it invites spoofing and rejection.</param>
/// <param name="LegalAddresses">The addresses always allowed.</param>
/// <param name="DefaultAddress">The address used when none is chosen; must be one of the legal addresses.</param>
public sealed record FromSettings(
    bool AllowUserAddress,
    bool AllowArbitrary,
    IReadOnlyList<string> LegalAddresses,
    string? DefaultAddress)
{
    public static FromSettings Default { get; } = new(true, false, [], null);

    public bool IsLegal(string address) =>
        LegalAddresses.Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));

    public bool Equals(FromSettings? other) =>
        other is not null && AllowUserAddress == other.AllowUserAddress && AllowArbitrary == other.AllowArbitrary
        && LegalAddresses.SequenceEqual(other.LegalAddresses) && DefaultAddress == other.DefaultAddress;

    public override int GetHashCode() => HashCode.Combine(AllowUserAddress, AllowArbitrary, LegalAddresses.Count, DefaultAddress);
}
