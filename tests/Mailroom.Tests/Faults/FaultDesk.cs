using System.Text.Json;
using Dapper;
using Mailroom.Commands;
using Mailroom.Data;
using Mailroom.Tests.Nodes;
using MimeKit;
using Xunit.Abstractions;

namespace Mailroom.Tests.Faults;

/// <summary>
/// What the fault tests share: a data directory (and optionally a PostgreSQL database) set up with the command tree
/// in this process, what an operator reads (<c>monitor show --json</c>, <c>outbox list --json</c>), the filed
/// Message-IDs straight from the database, and waiting on a condition with the processes' logs on failure.
/// </summary>
internal sealed class FaultDesk(ITestOutputHelper output, string? database = null) : IAsyncDisposable
{
    private MailroomDatabase? _database;

    public string Root { get; } = Directory.CreateTempSubdirectory("mailroom-faults-").FullName;

    public string Setup => Path.Combine(Root, "setup");

    public string? Database { get; } = database;

    public List<ServeNode> Processes { get; } = [];

    /// <summary>A mailroom command run in this process against the desk's data (and database); fails the test on a non-zero exit.</summary>
    public async Task<string> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] target = Database is null ? ["--data-dir", Setup] : ["--data-dir", Setup, "--database", Database];
        var code = await MailroomRootCommand.InvokeAsync(Program.CreateRootCommand(), [.. target, .. args],
            new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });
        Assert.True(code == 0, $"mailroom {string.Join(' ', args)}: exit {code}\n{stderr}");
        return stdout.ToString();
    }

    /// <summary>Adds an IMAP account named <paramref name="name"/> with its password passed through a one-off variable.</summary>
    public async Task AddImapAccountAsync(string name, Testing.MailUser user, int imapsPort, int smtpPort, params string[] more)
    {
        var variable = $"MAILROOM_FAULTS_PW_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, user.Password);
        try
        {
            await CliAsync(["accounts", "add", "imap", "--name", name, "--incoming-server", Testing.MailServer.Host, "--incoming-port", imapsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--incoming-security", "ssl", "--smtp-server", Testing.MailServer.Host, "--smtp-port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--allow-invalid-certificate", "--user", user.Address, "--password-env", variable, .. more]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    /// <summary>Starts a long-running mailroom process (serve or monitor run) on the desk's data or database.</summary>
    public ServeNode Start(string name, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null)
    {
        var env = new Dictionary<string, string>(environment);
        if (Database is not null)
        {
            env["MAILROOM_DATABASE"] = Database;
        }

        // A SQLite desk's processes share the setup's data directory (one machine); PostgreSQL nodes each have their own.
        var node = new ServeNode(name, Database is null ? Setup : Path.Combine(Root, name), env, arguments);
        Processes.Add(node);
        node.Start();
        return node;
    }

    /// <summary><c>monitor show ACCOUNT --json</c>, as an operator reads it.</summary>
    public async Task<JsonElement> MonitorShowAsync(string account) =>
        JsonDocument.Parse(await CliAsync("monitor", "show", account, "--json")).RootElement.Clone();

    /// <summary>The <c>messages</c> of <c>outbox list --all --json</c>.</summary>
    public async Task<List<JsonElement>> OutboxListAsync() =>
        [.. JsonDocument.Parse(await CliAsync("outbox", "list", "--all", "--json")).RootElement.GetProperty("messages").EnumerateArray().Select(m => m.Clone())];

    /// <summary>The Message-ID (without brackets) of every journal entry holding received mail, one per entry.</summary>
    public async Task<List<string>> FiledMessageIdsAsync()
    {
        var database = await OpenAsync();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return [.. (await connection.QueryAsync<string?>("SELECT message_id FROM mail_history WHERE message_id IS NOT NULL")).Select(id => Bare(id!))];
    }

    /// <summary>How many received messages the ledger holds in <paramref name="state"/> (e.g. <c>received</c>: not yet filed).</summary>
    public async Task<long> LedgerCountAsync(string state)
    {
        var database = await OpenAsync();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM monitor_messages WHERE state = @state", new { state });
    }

    /// <summary>The live nodes (heartbeat within the time to live), each with how many monitor leases it holds.</summary>
    public async Task<Dictionary<string, int>> LiveNodesAsync()
    {
        var store = new Data.Nodes.NodeLeaseStore(await OpenAsync());
        var held = await store.HeldAsync(CancellationToken.None);
        return (await store.ListLiveAsync(CancellationToken.None)).ToDictionary(n => n.Name, n => held.Values.Count(h => h == n.Name), StringComparer.Ordinal);
    }

    /// <summary>The desk's database: the setup's SQLite file, or the PostgreSQL database (through a data directory of its own).</summary>
    private async Task<MailroomDatabase> OpenAsync() =>
        _database ??= await MailroomDatabase.OpenAndMigrateAsync(
            Database is null ? new DatabaseOptions(Setup) : new DatabaseOptions(Path.Combine(Root, "check"), Database), CancellationToken.None);

    /// <summary>
    /// Polls <paramref name="check"/> (a failed check counts as not yet: the database may be the server that is down)
    /// until it holds; past the deadline the test fails saying what never happened, with every process's last lines.
    /// </summary>
    public async Task UntilAsync(string what, TimeSpan deadline, Func<Task<bool>> check)
    {
        var until = DateTime.UtcNow + deadline;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await check())
                {
                    output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {what}");
                    return;
                }

                last = null;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                last = e;
            }

            if (DateTime.UtcNow > until)
            {
                WriteLogs();
                Assert.Fail($"Within {deadline.TotalSeconds:0} s, {what} never happened{(last is null ? "" : $" (last check threw {last.GetType().Name}: {last.Message})")}; the processes' logs are in the test output.");
            }

            await Task.Delay(250);
        }
    }

    public void WriteLogs()
    {
        foreach (var node in Processes)
        {
            output.WriteLine($"==== {node.Name} ({(node.Running ? "running" : $"exited {node.ExitCode}")}) ====\n{node.Log()}");
        }
    }

    public static MimeMessage Request(string run, string to, int number)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress($"Customer {number}", $"c{number}-{run}@faults.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"Fault request {run} number {number:0000}";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("faults.test");
        message.Body = new TextPart("plain") { Text = $"Please help with request {number}.\n" };
        return message;
    }

    public static string Bare(string messageId) => messageId.Trim().Trim('<', '>');

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Processes)
        {
            node.Dispose();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
