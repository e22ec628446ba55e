namespace Mailroom.Tests.Commands;

/// <summary>
/// A secret handed to <c>--password-env</c> the way an administrator would: an environment variable with a name of its
/// own (tests run in parallel in one process), removed again on dispose.
/// </summary>
internal sealed class SecretVariable : IDisposable
{
    public SecretVariable(string value, string prefix = "MAILROOM_TEST_PW_")
    {
        Value = value;
        Name = prefix + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(Name, value);
    }

    /// <summary>The variable's name, for <c>--password-env</c> and <c>--smtp-password-env</c>.</summary>
    public string Name { get; }

    /// <summary>The secret itself, for checking it shows up nowhere.</summary>
    public string Value { get; }

    public void Dispose() => Environment.SetEnvironmentVariable(Name, null);
}
