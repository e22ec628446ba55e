namespace Mailroom.Data.Users;

/// <summary>What a web user may do.</summary>
public enum UserRole
{
    /// <summary>Global e-mail settings, monitors, users and API tokens; records too.</summary>
    Administrator,

    /// <summary>Records, sending, and personal account settings where a padlock is open.</summary>
    Agent,
}
