using System.Diagnostics;
using Mailroom.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>Runs the real <c>mailroom</c> command (built beside the tests) as a child process.</summary>
internal static class MailroomProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>
    /// <c>accounts add imap</c> for a test user on the test Dovecot (IMAP over SSL, SMTP submission with STARTTLS, the
    /// test certificate allowed), its password read from <c>MONITOR_TEST_PASSWORD</c> in <paramref name="environment"/>.
    /// </summary>
    public static Task<Result> AddImapAccountAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, string name, string address) =>
        RunAsync(dataDirectory, environment, "accounts", "add", "imap", "--name", name, "--incoming-server", MailServer.Host,
            "--incoming-security", "ssl", "--smtp-server", MailServer.Host, "--smtp-port", "587", "--smtp-security", "starttls",
            "--allow-invalid-certificate", "--user", address, "--password-env", "MONITOR_TEST_PASSWORD");

    public static async Task<Result> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mailroom.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MAILROOM_DATA_DIR"] = dataDirectory;
        start.Environment.Remove("MAILROOM_DATABASE");
        start.Environment.Remove("MAILROOM_CRASH_AFTER");
        start.Environment.Remove("MAILROOM_CRASH_AT");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet mailroom.dll.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
