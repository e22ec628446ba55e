namespace Mailroom.Commands;

/// <summary>The exit codes of every command, the same for all of them (scripts rely on them).</summary>
internal static class ExitCodes
{
    public const int Done = 0;

    /// <summary>Something failed that is not the user's input (a server or database error).</summary>
    public const int Failed = 1;

    /// <summary>Invalid input: each problem on standard error as <c>field: message</c>.</summary>
    public const int InvalidInput = 2;

    public const int NotFound = 3;

    /// <summary>Someone else changed the thing since it was read, or it is in use.</summary>
    public const int Conflict = 4;

    /// <summary>A step of Test Account failed.</summary>
    public const int TestFailed = 5;
}
