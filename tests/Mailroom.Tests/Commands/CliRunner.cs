using System.CommandLine;
using System.Diagnostics;
using Mailroom.Commands;
using Microsoft.Data.Sqlite;

namespace Mailroom.Tests.Commands;

/// <summary>What a run of the command left behind.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>
/// Runs the real <c>mailroom</c> command tree in-process (the same tree Program.cs builds) against a fresh data
/// directory, capturing standard output and error; or, for standard input, as a real process.
/// </summary>
internal sealed class CliRunner : IDisposable
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("mailroom-cli-test-").FullName;

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MailroomRootCommand.InvokeAsync(
            Program.CreateRootCommand(),
            ["--data-dir", DataDirectory, .. args],
            new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built mailroom.dll as its own process with <paramref name="stdin"/> on standard input.</summary>
    public async Task<CliResult> RunProcessAsync(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mailroom.dll"));
        foreach (var arg in (string[])["--data-dir", DataDirectory, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("MAILROOM_DATABASE");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
