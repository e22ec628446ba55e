namespace Mailroom.Core.Accounts;

/// <summary>
/// A user name and password, either of which may be blank: blank credentials with the credentials padlock
/// unlocked mean each user enters their own.
/// </summary>
public sealed record Credentials(string? User, Secret? Password)
{
    public static Credentials Empty { get; } = new(null, null);

    /// <summary>Whether <see cref="Password"/> is a password (the default) or an OAuth 2.0 access token.</summary>
    public CredentialKind Kind { get; init; } = CredentialKind.Password;

    public bool IsBlank => string.IsNullOrWhiteSpace(User) && Password is null;
}
