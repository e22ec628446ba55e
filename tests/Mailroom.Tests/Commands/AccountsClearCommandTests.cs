using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Mailroom.Tests.Commands;

/// <summary><c>accounts edit --clear-password / --clear-smtp-password / --clear-legal-from</c> on real SQLite.</summary>
public sealed class AccountsClearCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly SecretVariable _password = new("Clear-Me-5518");
    private readonly SecretVariable _smtpPassword = new("Smtp-Clear-Me-7730", "MAILROOM_TEST_SMTP_PW_");

    public void Dispose()
    {
        _password.Dispose();
        _smtpPassword.Dispose();
        _cli.Dispose();
    }

    private async Task AddSupportAsync(params string[] more)
    {
        var add = await _cli.RunAsync(
            ["accounts", "add", "imap", "--name", "Support", "--incoming-server", "imap.example.test", "--smtp-server", "smtp.example.test",
             "--user", "support@example.test", "--password-env", _password.Name, "--smtp-user", "mailer", "--smtp-password-env", _smtpPassword.Name, .. more]);
        Assert.True(add.ExitCode == 0, add.ToString());
    }

    private async Task<JsonElement> ShowJsonAsync(string name)
    {
        var show = await _cli.RunAsync("accounts", "show", name, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return JsonDocument.Parse(show.Out).RootElement;
    }

    private async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_cli.DataDirectory, "mailroom.db")};Pooling=False");
        return await connection.QuerySingleAsync<T>(sql);
    }

    [Fact]
    public async Task Clearing_both_passwords_removes_the_sealed_secrets_and_test_account_names_the_missing_password()
    {
        await AddSupportAsync();
        Assert.Equal(1L, await QueryAsync<long>("SELECT COUNT(*) FROM accounts WHERE password_sealed IS NOT NULL AND smtp_password_sealed IS NOT NULL"));

        var edit = await _cli.RunAsync("accounts", "edit", "support", "--clear-password", "--clear-smtp-password");

        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Equal("Changed 'Support': password, smtp-password.", edit.Out.Trim());
        Assert.Equal(0L, await QueryAsync<long>("SELECT COUNT(*) FROM accounts WHERE password_sealed IS NOT NULL OR smtp_password_sealed IS NOT NULL"));
        var json = await ShowJsonAsync("Support");
        Assert.False(json.GetProperty("passwordSet").GetBoolean());
        Assert.False(json.GetProperty("smtpPasswordSet").GetBoolean());
        Assert.Equal("support@example.test", json.GetProperty("user").GetString());
        Assert.Equal("mailer", json.GetProperty("smtpUser").GetString());
        Assert.False(json.GetProperty("smtpUseIncomingCredentials").GetBoolean());
        Assert.Equal(2, json.GetProperty("version").GetInt64());

        // No server is contacted: the required-fields step fails and says what is missing.
        var test = await _cli.RunAsync("accounts", "test", "Support", "--to", "me@example.test");
        Assert.True(test.ExitCode == 5, test.ToString());
        Assert.Contains("FAIL  Required fields: missing: password, SMTP user and password", test.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clearing_only_the_smtp_password_keeps_the_incoming_one()
    {
        await AddSupportAsync();

        var edit = await _cli.RunAsync("accounts", "edit", "Support", "--clear-smtp-password");

        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Equal("Changed 'Support': smtp-password.", edit.Out.Trim());
        var json = await ShowJsonAsync("Support");
        Assert.True(json.GetProperty("passwordSet").GetBoolean());
        Assert.False(json.GetProperty("smtpPasswordSet").GetBoolean());
    }

    [Fact]
    public async Task Clearing_a_password_the_locked_credentials_need_exits_2_naming_the_password_and_keeps_it()
    {
        await AddSupportAsync("--lock-credentials");

        var edit = await _cli.RunAsync("accounts", "edit", "Support", "--clear-password");

        Assert.Equal(2, edit.ExitCode);
        Assert.StartsWith("password: is required when credentials are locked", Assert.Single(edit.ErrorLines), StringComparison.Ordinal);
        var json = await ShowJsonAsync("Support");
        Assert.True(json.GetProperty("passwordSet").GetBoolean());
        Assert.Equal(1, json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task An_exchange_account_may_lose_its_password_and_clearing_an_absent_smtp_password_changes_nothing()
    {
        var add = await _cli.RunAsync("accounts", "add", "exchange", "--name", "Help Desk", "--exchange-domain", "CORP", "--server", "mail.example.test",
            "--user", "helpdesk@example.test", "--password-env", _password.Name);
        Assert.True(add.ExitCode == 0, add.ToString());

        var edit = await _cli.RunAsync("accounts", "edit", "Help Desk", "--clear-password", "--clear-smtp-password");

        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Equal("Changed 'Help Desk': password.", edit.Out.Trim());
        var json = await ShowJsonAsync("Help Desk");
        Assert.False(json.GetProperty("passwordSet").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("smtpServer").ValueKind);
    }

    [Fact]
    public async Task Clearing_the_legal_from_list_empties_it_and_a_default_from_in_it_must_go_too()
    {
        await AddSupportAsync("--from-address", "support@example.test", "--from-address", "noreply@example.test", "--default-from", "noreply@example.test");

        var refused = await _cli.RunAsync("accounts", "edit", "Support", "--clear-legal-from");
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("default-from: 'noreply@example.test' must be one of the legal From addresses", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, (await ShowJsonAsync("Support")).GetProperty("fromAddresses").GetArrayLength());

        var edit = await _cli.RunAsync("accounts", "edit", "Support", "--clear-legal-from", "--default-from", "");

        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Equal("Changed 'Support': from-address, default-from.", edit.Out.Trim());
        var json = await ShowJsonAsync("Support");
        Assert.Equal(0, json.GetProperty("fromAddresses").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("defaultFrom").ValueKind);
        Assert.Equal(0L, await QueryAsync<long>("SELECT COUNT(*) FROM account_from_addresses"));
    }

    [Fact]
    public async Task Clearing_and_setting_the_same_field_exits_2_naming_both_and_changes_nothing()
    {
        await AddSupportAsync("--from-address", "support@example.test");

        var edit = await _cli.RunAsync("accounts", "edit", "Support", "--clear-password", "--password-env", _password.Name,
            "--clear-smtp-password", "--smtp-password-env", _smtpPassword.Name, "--clear-legal-from", "--from-address", "other@example.test");

        Assert.Equal(2, edit.ExitCode);
        Assert.Equal(3, edit.ErrorLines.Count);
        Assert.Contains(edit.ErrorLines, l => l.StartsWith("clear-password: ", StringComparison.Ordinal) && l.Contains("--password-env", StringComparison.Ordinal));
        Assert.Contains(edit.ErrorLines, l => l.StartsWith("clear-smtp-password: ", StringComparison.Ordinal) && l.Contains("--smtp-password-env", StringComparison.Ordinal));
        Assert.Contains(edit.ErrorLines, l => l.StartsWith("clear-legal-from: ", StringComparison.Ordinal) && l.Contains("--from-address", StringComparison.Ordinal));
        var json = await ShowJsonAsync("Support");
        Assert.Equal(1, json.GetProperty("version").GetInt64());
        Assert.True(json.GetProperty("passwordSet").GetBoolean());
        Assert.True(json.GetProperty("smtpPasswordSet").GetBoolean());
        Assert.Equal(["support@example.test"], json.GetProperty("fromAddresses").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Add_has_no_clear_flags()
    {
        var add = await _cli.RunAsync("accounts", "add", "imap", "--name", "Support", "--incoming-server", "imap.example.test",
            "--smtp-server", "smtp.example.test", "--clear-password");
        Assert.Equal(2, add.ExitCode);
        Assert.Equal(3, (await _cli.RunAsync("accounts", "show", "Support")).ExitCode);
    }
}
