namespace Mailroom.Data.Users;

/// <summary>How a change to a user ended.</summary>
public enum UserChange
{
    Done,

    /// <summary>No user has that id.</summary>
    NotFound,

    /// <summary>It was so already (e.g. disabling a disabled user).</summary>
    Unchanged,

    /// <summary>Refused: the user is the last active administrator, and nobody could administer Mailroom after it.</summary>
    LastAdministrator,
}
