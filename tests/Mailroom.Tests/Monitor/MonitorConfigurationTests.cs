using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Testing;
using Microsoft.Extensions.Configuration;
using ValidationException = Mailroom.Core.Validation.ValidationException;

namespace Mailroom.Tests.Monitor;

/// <summary>The monitor's limits from configuration (<c>Mailroom:Monitor</c>), as <c>monitor run</c> and <c>serve</c> read them.</summary>
public sealed class MonitorConfigurationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Configured_values_replace_the_defaults_and_the_rest_stay()
    {
        var options = MonitorConfiguration.Bind(Configuration(
            ("Mailroom:Monitor:MaxMessageBytes", "1048576"), ("Mailroom:Monitor:groupsize", " 20 "), ("Mailroom:Monitor:FileStrangersFlagged", "false")));

        Assert.Equal(1_048_576, options.MaxMessageBytes);
        Assert.Equal(20, options.GroupSize);
        Assert.False(options.FileStrangersFlagged);
        Assert.Equal(new MonitorOptions().FetchBatch, options.FetchBatch);
    }

    [Fact]
    public void Every_bad_value_is_refused_at_once_naming_its_key()
    {
        var e = Assert.Throws<ValidationException>(() => MonitorConfiguration.Bind(Configuration(
            ("Mailroom:Monitor:MaxMessageBytes", "0"),
            ("Mailroom:Monitor:GroupSize", "lots"),
            ("Mailroom:Monitor:FetchBatch", "-5"),
            ("Mailroom:Monitor:FileStrangersFlagged", "maybe"),
            ("Mailroom:Monitor:MaxMesageBytes", "100"))));

        Assert.Equal(
            [
                "Mailroom:Monitor:FetchBatch: must be between 1 and 10000",
                "Mailroom:Monitor:FileStrangersFlagged: 'maybe' is not true or false",
                "Mailroom:Monitor:GroupSize: 'lots' is not a whole number",
                "Mailroom:Monitor:MaxMesageBytes: is not a monitor setting; the settings are MaxMessageBytes, GroupSize, FetchBatch, SegmentBytes, NewRecordsPerSenderPerHour, FileStrangersFlagged, MaxMimeDepth",
                "Mailroom:Monitor:MaxMessageBytes: must be at least 1024",
            ],
            e.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Monitor_run_files_a_message_above_the_configured_size_whole_with_the_note()
    {
        var desk = await MailServer.CreateUserAsync("monconf");
        var customer = $"customer-{Guid.NewGuid().ToString("N")[..6]}@{MailServer.DefaultDomain}";
        await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail(customer, desk.Address, "A long story", string.Concat(Enumerable.Repeat("All work and no play. ", 200))));
        await MailServer.WaitForMessagesAsync(desk, 1);

        var data = Path.Combine(Path.GetTempPath(), "mailroom-monconf-" + Guid.NewGuid().ToString("N")[..10]);
        var env = new Dictionary<string, string> { ["MONITOR_TEST_PASSWORD"] = desk.Password, ["Mailroom__Monitor__MaxMessageBytes"] = "2048" };
        try
        {
            var add = await MailroomProcess.RunAsync(data, env, "accounts", "add", "imap", "--name", "Desk", "--incoming-server", MailServer.Host,
                "--incoming-security", "ssl", "--smtp-server", MailServer.Host, "--smtp-port", "587", "--smtp-security", "starttls",
                "--allow-invalid-certificate", "--user", desk.Address, "--password-env", "MONITOR_TEST_PASSWORD");
            Assert.True(add.ExitCode == 0, add.Error);
            Assert.Equal(0, (await MailroomProcess.RunAsync(data, env, "monitor", "set", "Desk", "--enable")).ExitCode);

            var run = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Desk");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("new records 1", run.Output);

            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default);
            var row = Assert.Single(await new MonitorMessageStore(database, new RawMessageSpool(data, TimeProvider.System), TimeProvider.System).ListForAccountAsync(1, 10, default));
            Assert.True(row.Size > 4000, $"the test message is only {row.Size} bytes");
            Assert.Contains("larger than the 2048 bytes the monitor reads", row.Reason);
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

    [Theory]
    [InlineData("monitor", "Mailroom__Monitor__MaxMessageBytes", "0", "Mailroom:Monitor:MaxMessageBytes: must be at least 1024")]
    [InlineData("serve", "Mailroom__Monitor__GroupSize", "many", "Mailroom:Monitor:GroupSize: 'many' is not a whole number")]
    public async Task A_bad_value_stops_start_up_naming_the_key(string command, string variable, string value, string expected)
    {
        var data = Path.Combine(Path.GetTempPath(), "mailroom-monconf-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            string[] arguments = command == "serve" ? ["serve", "--urls", "http://127.0.0.1:0"] : ["monitor", "run", "--once"];
            var result = await MailroomProcess.RunAsync(data, new Dictionary<string, string> { [variable] = value }, arguments);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(expected, result.Error);
            Assert.DoesNotContain("listening", result.Output);
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
