namespace Mailroom.Core.Validation;

/// <summary>
/// The thing asked for does not exist (the command exits with 3, the API answers 404). <see cref="Kind"/> and
/// <see cref="Key"/> say what was looked for, so the message can name it.
/// </summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string kind, string key)
        : base($"No {kind} named '{key}' exists.")
    {
        Kind = kind;
        Key = key;
    }

    /// <summary>What was looked for, e.g. <c>account</c>.</summary>
    public string Kind { get; }

    /// <summary>The name or id it was looked for by.</summary>
    public string Key { get; }
}
