using System.Collections.Concurrent;
using System.Diagnostics;
using Mailroom.Testing;

namespace Mailroom.Tests.Nodes;

/// <summary>
/// One <c>mailroom serve --node-name NAME</c> process (the real mailroom.dll built beside the tests) on a shared
/// database, with its own data directory as if on its own machine. It can be killed with SIGKILL and started again;
/// the last lines it wrote are kept for a failing test's message. Other long-running commands (<c>monitor run</c>) run
/// the same way when <c>arguments</c> are given instead of serve's.
/// </summary>
internal sealed class ServeNode(string name, string dataDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null) : IDisposable
{
    private const int KeptLines = 400;

    private readonly ConcurrentQueue<string> _lines = new();
    private Process? _process;

    public string Name { get; } = name;

    public int Starts { get; private set; }

    public bool Running => _process is { HasExited: false };

    /// <summary>Starts the node; it listens on a port the system picks, so nodes never collide.</summary>
    public void Start()
    {
        if (Running)
        {
            throw new InvalidOperationException($"Node {Name} is already running.");
        }

        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mailroom.dll"));
        foreach (var argument in arguments ?? ["serve", "--node-name", Name, "--urls", "http://127.0.0.1:0"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MAILROOM_DATA_DIR"] = dataDirectory;
        start.Environment.Remove("MAILROOM_CRASH_AFTER");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;
        Keep($"---- {Name} started (start {Starts}, pid {process.Id})");
    }

    /// <summary>SIGKILL: no shutdown, no lease given back, whatever was in flight is cut off.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Kill(entireProcessTree: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Keep($"---- {Name} killed (SIGKILL)");
    }

    /// <summary>
    /// SIGSTOP (<paramref name="stop"/>) or SIGCONT: a process that stalls (swapped out, a VM paused) and wakes up
    /// later, the one way a live process's heartbeat goes stale.
    /// </summary>
    public async Task SignalAsync(bool stop)
    {
        var process = _process is { HasExited: false } p ? p : throw new InvalidOperationException($"Node {Name} is not running.");
        using var kill = Process.Start("kill", [stop ? "-STOP" : "-CONT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await kill.WaitForExitAsync(timeout.Token);
        Keep($"---- {Name} {(stop ? "stopped (SIGSTOP)" : "continued (SIGCONT)")}, kill exit {kill.ExitCode}");
    }

    /// <summary>The exit code of the last start once it has ended by itself or been killed; null while it runs.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary>
    /// Returns once the current start has written a line containing <paramref name="text"/>; fails, as
    /// <see cref="WaitFor"/> does, when the node exits without it or <paramref name="deadline"/> passes, with the line
    /// that never came and the node's last lines (and those of <paramref name="alongside"/>, whose doings matter too).
    /// </summary>
    /// <exception cref="TimeoutException">The line never came: the node exited without it, or the deadline passed.</exception>
    public async Task WaitForLineAsync(string text, TimeSpan deadline, ServeNode? alongside = null)
    {
        bool Written()
        {
            var lines = _lines.ToArray();
            var since = Array.FindLastIndex(lines, l => l.Contains($"---- {Name} started (start {Starts},", StringComparison.Ordinal));
            return lines.Skip(Math.Max(0, since)).Any(l => l.Contains(text, StringComparison.Ordinal));
        }

        string Failure(string how) =>
            $"Node {Name} {how} without writing a line containing \"{text}\". Its last lines:\n{Log()}" +
            (alongside is null ? "" : $"\nNode {alongside.Name}'s last lines:\n{alongside.Log()}");

        try
        {
            await WaitFor.ConditionAsync(() => Written() || !Running, deadline, $"{Name} writing \"{text}\" or exiting", TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(Failure(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ran {deadline.TotalSeconds:0.#} s")));
        }

        if (!Written() && _process is { HasExited: true } exited)
        {
            // Output may still be draining after the exit: WaitForExitAsync returns once both streams reached their end.
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await exited.WaitForExitAsync(drained.Token);
        }

        if (!Written())
        {
            throw new TimeoutException(Failure($"exited (code {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"})"));
        }
    }

    /// <summary>Returns once the current start has ended by itself; fails with the node's last lines when it still runs after <paramref name="deadline"/>.</summary>
    /// <exception cref="TimeoutException">The node still runs.</exception>
    public async Task WaitForExitAsync(TimeSpan deadline)
    {
        if (_process is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Node {Name} still runs {deadline.TotalSeconds:0.#} s on; it should have ended by itself. Its last lines:\n{Log()}"));
        }
    }

    /// <summary>The last lines the node wrote (all its starts), for a failure message.</summary>
    public string Log() => string.Join('\n', _lines);

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }
}
