namespace Mailroom.Core.Accounts;

/// <summary>
/// Which sections of an account a user may override in a personal version. Unlocked means the user may.
/// The defaults follow the original system: server settings locked, credentials unlocked.
/// </summary>
public sealed record Padlocks(bool ServerSettingsLocked = true, bool CredentialsLocked = false)
{
    public static Padlocks Default { get; } = new();

    /// <summary>"Users can change credentials" is the credentials padlock unlocked.</summary>
    public bool UsersCanChangeCredentials => !CredentialsLocked;
}
