using System.Text.Json;
using Mailroom.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// <c>mailroom monitor run --once</c>'s progress through the real command over the test Dovecot, its standard error
/// redirected as a script's or a log's would be: plain lines there, the summary on standard output as before.
/// </summary>
public sealed class MonitorRunProgressCommandTests
{
    [Fact]
    public async Task Off_a_terminal_progress_is_plain_lines_on_stderr_the_summary_is_unchanged_and_json_gets_none()
    {
        var desk = await MailServer.CreateUserAsync("progress");
        for (var i = 0; i < 5; i++)
        {
            await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail($"customer-{i}@{MailServer.DefaultDomain}", desk.Address, $"Request {i} " + Guid.NewGuid().ToString("N")[..6], "Please help."));
        }

        await MailServer.WaitForMessagesAsync(desk, 5);
        var data = Path.Combine(Path.GetTempPath(), "mailroom-progress-" + Guid.NewGuid().ToString("N")[..10]);
        // Two messages a batch, so five are three batches: a check with something to report between its start and end.
        var env = new Dictionary<string, string> { ["MONITOR_TEST_PASSWORD"] = desk.Password, ["Mailroom__Monitor__FetchBatch"] = "2" };
        try
        {
            var add = await MailroomProcess.AddImapAccountAsync(data, env, "Desk", desk.Address);
            Assert.True(add.ExitCode == 0, add.Error);
            Assert.Equal(0, (await MailroomProcess.RunAsync(data, env, "settings", "set", "conversation-prefix", "PROG")).ExitCode);
            Assert.Equal(0, (await MailroomProcess.RunAsync(data, env, "monitor", "set", "Desk")).ExitCode);

            var run = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Desk");

            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
            Assert.Equal("fetched 5, filed on existing records 0, new records 5, skipped 0, not handled 0, post-actions done again 0" + Environment.NewLine, run.Output);
            Assert.DoesNotContain('\r', run.Error); // nothing redrawn in place off a terminal
            var lines = run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length >= 2, run.Error);
            Assert.StartsWith("Desk: 2/5 messages, ", lines[0], StringComparison.Ordinal); // the first filed batch
            Assert.Matches(@"^Desk: 5/5 messages, \d+\.\d/\d+\.\d MB, [\d.,]+ messages/s, done in ", lines[^1]);
            Assert.All(lines, l => Assert.StartsWith("Desk: ", l, StringComparison.Ordinal));

            // With --json, standard output is the JSON alone and standard error stays empty.
            for (var i = 0; i < 3; i++)
            {
                await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail($"later-{i}@{MailServer.DefaultDomain}", desk.Address, $"Later {i} " + Guid.NewGuid().ToString("N")[..6], "Me too."));
            }

            await MailServer.WaitForMessagesAsync(desk, 8);
            var json = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Desk", "--json");

            Assert.True(json.ExitCode == 0, $"exit {json.ExitCode}: {json.Error}");
            Assert.Equal("", json.Error);
            using var document = JsonDocument.Parse(json.Output);
            Assert.Equal(3, document.RootElement.GetProperty("fetched").GetInt32());
            Assert.Equal("Desk", document.RootElement.GetProperty("accounts")[0].GetProperty("account").GetString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
