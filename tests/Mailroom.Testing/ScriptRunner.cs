using System.Diagnostics;

namespace Mailroom.Testing;

/// <summary>Runs the repository's scripts and turns a failure into an exception that carries the script's stderr.</summary>
internal static class ScriptRunner
{
    /// <summary>Runs scripts/NAME with ARGS and returns its standard output.</summary>
    /// <param name="display">How the command is named in an error; keeps secrets in the arguments out of messages.</param>
    public static Task<string> RunAsync(string name, IReadOnlyList<string> args, string display, CancellationToken cancellationToken) =>
        RunAsync(name, args, display, new Dictionary<string, string>(), cancellationToken);

    /// <summary>As above, with extra environment variables (a second server instance's state and ports).</summary>
    public static async Task<string> RunAsync(
        string name, IReadOnlyList<string> args, string display, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var script = RepoPaths.Script(name);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} does not exist.");
        }

        // Output goes to files, not pipes: the daemons a script starts may keep inherited pipes open for ever.
        var outFile = Path.GetTempFileName();
        var errFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("/bin/bash")
            {
                UseShellExecute = false,
                WorkingDirectory = RepoPaths.Root,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >\"$MAILROOM_SCRIPT_OUT\" 2>\"$MAILROOM_SCRIPT_ERR\"");
            start.ArgumentList.Add(script);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            start.Environment["MAILROOM_SCRIPT_OUT"] = outFile;
            start.Environment["MAILROOM_SCRIPT_ERR"] = errFile;
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {display}.");
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await File.ReadAllTextAsync(outFile, cancellationToken).ConfigureAwait(false);
            var errors = await File.ReadAllTextAsync(errFile, cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{display} failed with exit code {process.ExitCode} (tests need root and the test servers):\n{errors.Trim()}\n{output.Trim()}".TrimEnd());
            }

            return output;
        }
        finally
        {
            File.Delete(outFile);
            File.Delete(errFile);
        }
    }
}
