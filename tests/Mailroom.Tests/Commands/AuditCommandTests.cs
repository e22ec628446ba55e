using System.Text.Json;
using Mailroom.Testing;

namespace Mailroom.Tests.Commands;

/// <summary><c>mailroom audit list</c> over the entries real account commands wrote.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly SecretVariable _password = new("Audit-Secret-3307");
    private readonly SecretVariable _smtpPassword = new("Audit-Smtp-Secret-8164", "MAILROOM_TEST_SMTP_PW_");

    public void Dispose()
    {
        _password.Dispose();
        _smtpPassword.Dispose();
        _cli.Dispose();
    }

    /// <summary>Add, edit (a password among the fields), copy, delete the copy; every command must succeed.</summary>
    private async Task MakeHistoryAsync(params string[] database)
    {
        async Task Run(params string[] args)
        {
            var result = await _cli.RunAsync([.. database, .. args]);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        await Run("accounts", "add", "imap", "--name", "Support", "--incoming-server", "imap.example.test", "--smtp-server", "smtp.example.test",
            "--user", "support@example.test", "--password-env", _password.Name);
        await Run("accounts", "edit", "Support", "--incoming-port", "1993", "--smtp-user", "mailer", "--smtp-password-env", _smtpPassword.Name);
        await Run("accounts", "copy", "Support", "--name", "Support 2");
        await Run("accounts", "delete", "Support 2");
    }

    private static IReadOnlyList<JsonElement> AccountEntries(CliResult list) =>
        JsonDocument.Parse(list.Out).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("action").GetString()!.StartsWith("account.", StringComparison.Ordinal))
            .ToList();

    private void AssertNoSecret(CliResult result)
    {
        Assert.DoesNotContain(_password.Value, result.Out + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_smtpPassword.Value, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_add_edit_copy_and_delete_newest_first_with_field_names_and_no_secret()
    {
        await MakeHistoryAsync();

        var list = await _cli.RunAsync("audit", "list", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        AssertNoSecret(list);
        var entries = AccountEntries(list);
        Assert.Equal(
            ["account.deleted", "account.copied", "account.changed", "account.added"],
            entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["Support 2", "Support 2", "Support", "Support"], entries.Select(e => e.GetProperty("account").GetString()));
        Assert.Equal(
            ["incoming-port", "smtp-use-incoming-credentials", "smtp-user", "smtp-password"],
            entries[2].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.All(entries, e => Assert.StartsWith("cli:", e.GetProperty("actor").GetString(), StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", e.GetProperty("time").GetString()!));

        var text = await _cli.RunAsync("audit", "list");
        Assert.True(text.ExitCode == 0, text.ToString());
        AssertNoSecret(text);
        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^TIME\s+ACTOR\s+ACTION\s+ACCOUNT\s+FIELDS$", lines[0]);
        var changed = Assert.Single(lines, l => l.Contains("account.changed", StringComparison.Ordinal));
        Assert.EndsWith("Support    incoming-port, smtp-use-incoming-credentials, smtp-user, smtp-password", changed, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\s+cli:", changed);
    }

    [Fact]
    public async Task Account_filter_finds_a_live_account_in_any_case_and_a_deleted_one_by_its_name()
    {
        await MakeHistoryAsync();

        var live = await _cli.RunAsync("audit", "list", "--account", "SUPPORT", "--json");
        Assert.True(live.ExitCode == 0, live.ToString());
        Assert.Equal(["account.changed", "account.added"], AccountEntries(live).Select(e => e.GetProperty("action").GetString()));

        var deleted = await _cli.RunAsync("audit", "list", "--account", "support 2", "--json");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(["account.deleted", "account.copied"], AccountEntries(deleted).Select(e => e.GetProperty("action").GetString()));

        var unknown = await _cli.RunAsync("audit", "list", "--account", "Nobody");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("Nobody", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_and_since_narrow_the_list()
    {
        await MakeHistoryAsync();

        var one = await _cli.RunAsync("audit", "list", "--limit", "1", "--json");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Equal("account.deleted", Assert.Single(JsonDocument.Parse(one.Out).RootElement.EnumerateArray()).GetProperty("action").GetString());

        var all = await _cli.RunAsync("audit", "list", "--since", "2000-01-01", "--json");
        Assert.Equal(4, AccountEntries(all).Count);

        var future = await _cli.RunAsync("audit", "list", "--since", "2999-01-01T00:00:00Z");
        Assert.True(future.ExitCode == 0, future.ToString());
        Assert.Equal("No audit entries.", future.Out.Trim());
        Assert.Equal("[]", (await _cli.RunAsync("audit", "list", "--since", "2999-01-01T00:00:00+02:00", "--json")).Out.Trim());
    }

    [Theory]
    [InlineData("--since", "yesterday", "since")]
    [InlineData("--since", "11/27/2026", "since")]
    [InlineData("--since", "2026-13-45", "since")]
    [InlineData("--limit", "0", "limit")]
    [InlineData("--limit", "-5", "limit")]
    [InlineData("--limit", "ten", "limit")]
    [InlineData("--limit", "10001", "limit")]
    public async Task Bad_since_or_limit_exits_2_naming_the_option(string option, string value, string field)
    {
        var list = await _cli.RunAsync("audit", "list", option, value);

        Assert.Equal(2, list.ExitCode);
        Assert.StartsWith($"{field}: ", Assert.Single(list.ErrorLines), StringComparison.Ordinal);
        Assert.Contains(value, list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_postgresql_clearing_a_password_removes_it_and_the_audit_list_shows_the_change()
    {
        string[] database = ["--database", await TestPostgres.CreateDatabaseAsync("auditcli")];
        await MakeHistoryAsync(database);

        var clear = await _cli.RunAsync([.. database, "accounts", "edit", "Support", "--clear-password", "--clear-smtp-password"]);
        Assert.True(clear.ExitCode == 0, clear.ToString());
        await using (var connection = new Npgsql.NpgsqlConnection(database[1]))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM accounts WHERE password_sealed IS NOT NULL OR smtp_password_sealed IS NOT NULL", connection);
            Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        }

        var list = await _cli.RunAsync([.. database, "audit", "list", "--account", "support", "--limit", "2", "--json"]);

        Assert.True(list.ExitCode == 0, list.ToString());
        AssertNoSecret(list);
        var entries = AccountEntries(list);
        Assert.Equal(["account.changed", "account.changed"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["password", "smtp-password"], entries[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
    }
}
