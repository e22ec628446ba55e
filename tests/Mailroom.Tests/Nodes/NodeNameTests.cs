using Mailroom.Commands;
using Mailroom.Data;
using Mailroom.Data.Nodes;
using Mailroom.Testing;

namespace Mailroom.Tests.Nodes;

/// <summary>
/// Two real <c>mailroom serve</c> processes with the same <c>--node-name</c> on one PostgreSQL database: the second is
/// refused while the first lives, and starts by itself once the first is killed and its heartbeat goes stale. The node
/// time to live is a minute here, so a loaded machine that holds up the first's heartbeats for seconds cannot make its
/// name look stale; once it is killed, its last heartbeat is cut to a second so the test does not wait the minute out.
/// Every wait is a generous deadline.
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
        var environment = new Dictionary<string, string>
        {
            ["MAILROOM_DATABASE"] = cs,
            ["Mailroom__Nodes__TimeToLive"] = "00:01:00",
            ["Mailroom__Nodes__StopMargin"] = "00:00:10",
            ["Mailroom__Nodes__HeartbeatInterval"] = "00:00:01",
        };
        var name = "desk-" + Guid.NewGuid().ToString("N")[..6];
        var first = new ServeNode(name, Path.Combine(root, "first"), environment);
        var second = new ServeNode(name, Path.Combine(root, "second"), environment);
        try
        {
            first.Start();
            Assert.True(await first.WaitForLineAsync("Mailroom is listening", Deadline), first.Log());

            // The first one is alive: the second sees its heartbeat move and refuses to start.
            second.Start();
            Assert.True(await second.WaitForExitAsync(Deadline), second.Log());
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
            var holder = await store.ClaimNameAsync(name, "probe", TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.NotNull(holder);
            Assert.NotNull(await store.HeartbeatAsync(name, holder.Instance!, TimeSpan.FromSeconds(1), false, CancellationToken.None));
            second.Start();
            Assert.True(await second.WaitForLineAsync("Mailroom is listening", Deadline), second.Log());
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
}
