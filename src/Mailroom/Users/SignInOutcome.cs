namespace Mailroom.Users;

/// <summary>How a password check ended.</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,

    /// <summary>The password was right, but an administrator disabled the user.</summary>
    Disabled,
}
