using Mailroom.Commands;
using Mailroom.Data;
using Mailroom.Data.Nodes;
using Mailroom.Testing;

namespace Mailroom.Tests.Nodes;

/// <summary>
/// Two real <c>mailroom serve</c> processes with the same <c>--node-name</c> on one PostgreSQL database: the second is
/// refused while the first lives and starts once the first is dead; one that stalled and lost its name exits with the
/// conflict code. The node time to live is a minute here (see <see cref="Environment"/>); where a holder must go
/// stale its last heartbeat is cut to a second, so no test waits the minute out. Every wait is a generous deadline.
/// </summary>
public sealed class NodeNameTests
{
    // Each step starts a process (dotnet, JIT, migrations, Kestrel): on a loaded machine that alone can take a minute.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_second_serve_with_a_live_nodes_name_exits_naming_it_and_starts_once_the_first_is_dead()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("nodenames");
        var root = Directory.CreateTempSubdirectory("mailroom-nodenames-").FullName;
        var environment = Environment(cs);
        var name = "desk-" + Guid.NewGuid().ToString("N")[..6];
        var first = new ServeNode(name, Path.Combine(root, "first"), environment);
        var second = new ServeNode(name, Path.Combine(root, "second"), environment);
        try
        {
            first.Start();
            await first.WaitForLineAsync("Mailroom is listening", Deadline);

            // The first one is alive: the second sees its heartbeat move and refuses to start.
            second.Start();
            await second.WaitForExitAsync(Deadline);
            Assert.Equal(ExitCodes.Conflict, second.ExitCode);
            var log = second.Log();
            Assert.Contains($"--node-name: another mailroom serve is running as node \"{name}\"", log, StringComparison.Ordinal);
            Assert.Contains("last heartbeat", log, StringComparison.Ordinal);
            Assert.DoesNotContain("Mailroom is listening", log, StringComparison.Ordinal);
            Assert.True(first.Running, first.Log());

            // The first dies without a word (SIGKILL) after a last heartbeat that promised only a second (a third
            // process asking for the name is told which process holds it): its heartbeat goes stale and the second,
            // started at once, takes over.
            await first.KillAsync();
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(Path.Combine(root, "check"), cs), CancellationToken.None);
            var store = new NodeLeaseStore(database);
            await CutLastHeartbeatAsync(store, name);
            second.Start();
            await second.WaitForLineAsync("Mailroom is listening", Deadline);
            Assert.True(second.Running, second.Log());

            var live = await store.ListLiveAsync(CancellationToken.None);
            Assert.Equal([name], live.Select(n => n.Name));
        }
        finally
        {
            first.Dispose();
            second.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    // A serve that stalls past the node time to live loses its name to a new process started under it; when it wakes
    // up it must stop and say so with a non-zero exit (4, conflict), so that a supervisor notices.
    [Fact]
    public async Task A_serve_whose_name_was_taken_over_while_it_stalled_exits_with_the_conflict_code()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("nodetakeover");
        var root = Directory.CreateTempSubdirectory("mailroom-nodetakeover-").FullName;
        var environment = Environment(cs);
        var name = "desk-" + Guid.NewGuid().ToString("N")[..6];
        var stalled = new ServeNode(name, Path.Combine(root, "stalled"), environment);
        var newer = new ServeNode(name, Path.Combine(root, "newer"), environment);
        try
        {
            stalled.Start();
            await stalled.WaitForLineAsync("Mailroom is listening", Deadline);

            // The first stalls (SIGSTOP) after a last heartbeat that promised only a second: its heartbeat goes stale,
            // and a new process takes the name.
            await stalled.SignalAsync(stop: true);
            await using (var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(Path.Combine(root, "check"), cs), CancellationToken.None))
            {
                await CutLastHeartbeatAsync(new NodeLeaseStore(database), name);
            }

            newer.Start();
            await newer.WaitForLineAsync("Mailroom is listening", Deadline, alongside: stalled);

            // It wakes up, finds the name taken at its next heartbeat, and exits non-zero; the newer one carries on.
            await stalled.SignalAsync(stop: false);
            await stalled.WaitForExitAsync(Deadline);
            Assert.Equal(ExitCodes.Conflict, stalled.ExitCode);
            await stalled.WaitForLineAsync($"--node-name: another mailroom serve took over node \"{name}\"", TimeSpan.FromSeconds(30));
            Assert.True(newer.Running, newer.Log());
        }
        finally
        {
            stalled.Dispose();
            newer.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The nodes' settings: a minute's time to live, so a loaded machine that holds up a live node's heartbeats for
    /// seconds cannot make its name look stale; heartbeats every second.
    /// </summary>
    private static Dictionary<string, string> Environment(string cs) => new()
    {
        ["MAILROOM_DATABASE"] = cs,
        ["Mailroom__Nodes__TimeToLive"] = "00:01:00",
        ["Mailroom__Nodes__StopMargin"] = "00:00:10",
        ["Mailroom__Nodes__HeartbeatInterval"] = "00:00:01",
    };

    /// <summary>
    /// Cuts the name holder's last heartbeat to a second, so the test need not wait out the minute: a process asking
    /// for the name is told which process holds it, and that process's heartbeat is renewed with a second to live.
    /// </summary>
    private static async Task CutLastHeartbeatAsync(NodeLeaseStore store, string name)
    {
        var holder = await store.ClaimNameAsync(name, "probe", TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.NotNull(holder);
        Assert.NotNull(await store.HeartbeatAsync(name, holder.Instance!, TimeSpan.FromSeconds(1), false, CancellationToken.None));
    }
}
