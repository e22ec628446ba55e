using Mailroom.Commands;
using Mailroom.Data;
using Mailroom.Data.Nodes;
using Mailroom.Testing;

namespace Mailroom.Tests.Nodes;

/// <summary>
/// A <c>mailroom serve</c> that stalls past the node time to live loses its name to a new process started under it;
/// when it wakes up it must stop and say so with a non-zero exit (4, conflict), so that a supervisor notices. The node
/// time to live is a minute here, so a loaded machine that holds up the newer process's heartbeats for seconds cannot
/// let the stalled one take its name back; the stalled one's last heartbeat is cut to a second so the newer one need
/// not wait the minute out. Every wait is a generous deadline.
/// </summary>
public sealed class NodeNameTakeOverTests
{
    // Each step starts a process (dotnet, JIT, migrations, Kestrel): on a loaded machine that alone can take a minute.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_serve_whose_name_was_taken_over_while_it_stalled_exits_with_the_conflict_code()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("nodetakeover");
        var root = Directory.CreateTempSubdirectory("mailroom-nodetakeover-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["MAILROOM_DATABASE"] = cs,
            ["Mailroom__Nodes__TimeToLive"] = "00:01:00",
            ["Mailroom__Nodes__StopMargin"] = "00:00:10",
            ["Mailroom__Nodes__HeartbeatInterval"] = "00:00:01",
        };
        var name = "desk-" + Guid.NewGuid().ToString("N")[..6];
        var stalled = new ServeNode(name, Path.Combine(root, "stalled"), environment);
        var newer = new ServeNode(name, Path.Combine(root, "newer"), environment);
        try
        {
            stalled.Start();
            Assert.True(await stalled.WaitForLineAsync("Mailroom is listening", Deadline), stalled.Log());

            // The first stalls (SIGSTOP) after a last heartbeat that promised only a second: its heartbeat goes stale,
            // and a new process takes the name.
            await stalled.SignalAsync(stop: true);
            await using (var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(Path.Combine(root, "check"), cs), CancellationToken.None))
            {
                var store = new NodeLeaseStore(database);
                var holder = await store.ClaimNameAsync(name, "probe", TimeSpan.FromMinutes(1), CancellationToken.None);
                Assert.NotNull(holder);
                Assert.NotNull(await store.HeartbeatAsync(name, holder.Instance!, TimeSpan.FromSeconds(1), false, CancellationToken.None));
            }

            newer.Start();
            Assert.True(await newer.WaitForLineAsync("Mailroom is listening", Deadline), newer.Log() + "\n" + stalled.Log());

            // It wakes up, finds the name taken at its next heartbeat, and exits non-zero; the newer one carries on.
            await stalled.SignalAsync(stop: false);
            Assert.True(await stalled.WaitForExitAsync(Deadline), stalled.Log());
            Assert.Equal(ExitCodes.Conflict, stalled.ExitCode);
            Assert.True(await stalled.WaitForLineAsync($"--node-name: another mailroom serve took over node \"{name}\"", TimeSpan.FromSeconds(30)), stalled.Log());
            Assert.True(newer.Running, newer.Log());
        }
        finally
        {
            stalled.Dispose();
            newer.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }
}
