using MailKit;
using Mailroom.Testing.Faults;
using Xunit.Abstractions;

namespace Mailroom.Tests.Faults;

/// <summary>
/// Dovecot stopped in the middle of a batch fetch by a running <c>mailroom monitor run</c> and started again: the
/// monitor reconnects by itself, every message in the folder ends on exactly one record and is marked read, and the
/// operator reads the outage in the log and in <c>monitor show</c>'s last error, cleared by the next good check.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class DovecotRestartFaultTests(ITestOutputHelper output)
{
    // Enough small fetches (5 messages each) that the monitor is still at it when the stop lands.
    private const int Messages = 600;

    [Fact]
    public async Task Dovecot_stopped_mid_fetch_and_started_again_the_monitor_reconnects_files_every_message_once_and_shows_then_clears_the_error()
    {
        await FaultMailServer.StartAsync();
        var desk = await FaultMailServer.CreateUserAsync("dovedesk");
        var run = Guid.NewGuid().ToString("N")[..8];
        var messages = Enumerable.Range(0, Messages).Select(i => FaultDesk.Request(run, desk.Address, i)).ToList();
        await FaultMailServer.AppendAsync(desk, messages);
        var expected = messages.Select(m => m.MessageId!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        await using var fd = new FaultDesk(output);
        await fd.AddImapAccountAsync("Faults", desk, FaultMailServer.ImapsPort, FaultMailServer.SmtpPort, "--smtp-security", "none", "--smtp-user", "");
        await fd.CliAsync("monitor", "set", "Faults", "--post-action", "mark-read", "--interval", "2", "--enable");
        var monitor = fd.Start("monitor", new Dictionary<string, string>
        {
            ["Mailroom__Monitor__FetchBatch"] = "5",
            ["Mailroom__Monitor__GroupSize"] = "5",
        }, ["monitor", "run", "--account", "Faults"]);
        try
        {
            // The positive signal: records are being filed, so the monitor is in the middle of its fetches.
            await fd.UntilAsync("the monitor filed its first messages", TimeSpan.FromMinutes(2), async () => (await fd.FiledMessageIdsAsync()).Count > 0);
            await FaultMailServer.StopAsync("dovecot");
            var filedAtStop = (await fd.FiledMessageIdsAsync()).Count;
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} Dovecot stopped with {filedAtStop} of {Messages} messages filed");
            Assert.True(filedAtStop < Messages, $"every message was filed before Dovecot stopped ({filedAtStop}): the stop did not cut the fetch");

            // What the operator sees meanwhile: the monitor's last error names the lost server, and the log says it reconnects.
            string? shownError = null;
            await fd.UntilAsync("monitor show reported the outage as its last error", TimeSpan.FromMinutes(1), async () =>
            {
                var show = await fd.MonitorShowAsync("Faults");
                shownError = show.GetProperty("lastError").ValueKind == System.Text.Json.JsonValueKind.String ? show.GetProperty("lastError").GetString() : null;
                return shownError is not null;
            });
            output.WriteLine($"last error shown: {shownError}");
            Assert.Contains($"127.0.0.1:{FaultMailServer.ImapsPort}", shownError!, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", shownError, StringComparison.Ordinal); // one line on the page, not MailKit's list of certificate causes
            await monitor.WaitForLineAsync("the check failed; reconnecting in", TimeSpan.FromSeconds(30));
            Assert.True(monitor.Running, "the monitor exited when Dovecot stopped");

            await FaultMailServer.StartAsync();
            await fd.UntilAsync("every message was filed after Dovecot came back", TimeSpan.FromMinutes(2), async () =>
                expected.IsSubsetOf(await fd.FiledMessageIdsAsync()) && await fd.LedgerCountAsync("received") == 0);

            var filed = await fd.FiledMessageIdsAsync();
            var doubled = filed.GroupBy(id => id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
            Assert.True(doubled.Count == 0, $"filed more than once: {string.Join(", ", doubled)}");
            Assert.Equal(Messages, filed.Count);

            // The next good check clears the error; when it happened stays (lastErrorAt), older than the last check.
            await fd.UntilAsync("monitor show cleared the last error after a good check", TimeSpan.FromMinutes(1), async () =>
            {
                var show = await fd.MonitorShowAsync("Faults");
                return show.GetProperty("lastError").ValueKind == System.Text.Json.JsonValueKind.Null
                    && show.GetProperty("lastErrorAt").GetDateTimeOffset() < show.GetProperty("lastCheckAt").GetDateTimeOffset();
            });

            // The post-action ran for every message, also for those filed just before the connection was cut.
            await fd.UntilAsync("every message was marked read on the server", TimeSpan.FromMinutes(1), async () =>
            {
                using var imap = await FaultMailServer.ConnectImapAsync(desk);
                await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
                var unseen = await imap.Inbox.SearchAsync(MailKit.Search.SearchQuery.NotSeen);
                return imap.Inbox.Count == Messages && unseen.Count == 0;
            });
            Assert.True(monitor.Running, "the monitor process ended during the test");
        }
        catch
        {
            fd.WriteLogs();
            throw;
        }
        finally
        {
            await FaultMailServer.StartAsync();
        }
    }
}
