namespace Mailroom.Users;

/// <summary>How a password check ended.</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}
