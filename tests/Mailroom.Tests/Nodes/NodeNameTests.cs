using Mailroom.Commands;
using Mailroom.Data;
using Mailroom.Data.Nodes;
using Mailroom.Testing;

namespace Mailroom.Tests.Nodes;

/// <summary>
/// Two real <c>mailroom serve</c> processes with the same <c>--node-name</c> on one PostgreSQL database: the second is
/// refused while the first lives, and starts by itself once the first is killed and its heartbeat goes stale. The node
/// time to live is 4 s here (15 s by default) so the test waits seconds, not minutes; every wait is a generous deadline.
/// </summary>
public sealed class NodeNameTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_second_serve_with_a_live_nodes_name_exits_naming_it_and_starts_once_the_first_is_dead()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("nodenames");
        var root = Directory.CreateTempSubdirectory("mailroom-nodenames-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["MAILROOM_DATABASE"] = cs,
            ["Mailroom__Nodes__TimeToLive"] = "00:00:04",
            ["Mailroom__Nodes__StopMargin"] = "00:00:01",
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

            // The first dies without a word (SIGKILL): its heartbeat goes stale and the second, started at once, takes over.
            await first.KillAsync();
            second.Start();
            Assert.True(await second.WaitForLineAsync("Mailroom is listening", Deadline), second.Log());
            Assert.True(second.Running, second.Log());

            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(Path.Combine(root, "check"), cs), CancellationToken.None);
            var live = await new NodeLeaseStore(database).ListLiveAsync(CancellationToken.None);
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
