namespace Mailroom.Core.Validation;

/// <summary>
/// Someone else changed the thing since it was read (the command exits with 4, the API answers 409): read it again
/// and redo the change. <see cref="ExpectedVersion"/> is the version the change was based on.
/// </summary>
public sealed class ConflictException : Exception
{
    public ConflictException(string kind, string key, long expectedVersion, long? currentVersion)
        : base($"The {kind} '{key}' was changed by someone else since it was read (version {expectedVersion}, now {currentVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "gone"}); read it again and repeat the change.")
    {
        Kind = kind;
        Key = key;
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    public string Kind { get; }

    public string Key { get; }

    public long ExpectedVersion { get; }

    public long? CurrentVersion { get; }
}
