using System.Text.Json;
using Mailroom.Commands;
using Mailroom.Core.Validation;

namespace Mailroom.Tests.Commands;

public sealed class AccountsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly SecretVariable _password = new("Cli-Secret-4471");

    public void Dispose()
    {
        _password.Dispose();
        _cli.Dispose();
    }

    private Task<CliResult> AddImapAsync(string name, params string[] more) => _cli.RunAsync(
        ["accounts", "add", "imap", "--name", name, "--incoming-server", "imap.example.test", "--smtp-server", "smtp.example.test",
         "--user", "support", "--password-env", _password.Name, .. more]);

    private async Task<JsonElement> ShowJsonAsync(string name)
    {
        var show = await _cli.RunAsync("accounts", "show", name, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return JsonDocument.Parse(show.Out).RootElement;
    }

    [Fact]
    public async Task An_exchange_account_is_added_and_shown_with_every_field_but_never_its_password()
    {
        var add = await _cli.RunAsync(
            "accounts", "add", "exchange", "--name", "Help Desk", "--exchange-domain", "CORP", "--server", "mail.example.test",
            "--user", "helpdesk@example.test", "--password-env", _password.Name, "--available-to-users", "--lock-credentials",
            "--unlock-server-settings", "--conversation-id", "body", "--from-address", "helpdesk@example.test",
            "--from-address", "noreply@example.test", "--default-from", "noreply@example.test", "--no-from-allow-user-address");
        Assert.True(add.ExitCode == 0, add.ToString());

        var show = await _cli.RunAsync("accounts", "show", "HELP DESK", "--json");
        Assert.Equal(0, show.ExitCode);
        Assert.DoesNotContain("Cli-Secret-4471", show.Out, StringComparison.Ordinal);
        var json = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("Help Desk", json.GetProperty("name").GetString());
        Assert.Equal("exchange", json.GetProperty("type").GetString());
        Assert.True(json.GetProperty("availableToUsers").GetBoolean());
        Assert.Equal("CORP", json.GetProperty("exchangeDomain").GetString());
        Assert.Equal("mail.example.test", json.GetProperty("server").GetString());
        Assert.True(json.GetProperty("useSsl").GetBoolean());
        Assert.Equal("https://mail.example.test/EWS/Exchange.asmx", json.GetProperty("ewsUrl").GetString());
        Assert.Equal("helpdesk@example.test", json.GetProperty("user").GetString());
        Assert.True(json.GetProperty("passwordSet").GetBoolean());
        Assert.True(json.GetProperty("credentialsLocked").GetBoolean());
        Assert.False(json.GetProperty("serverSettingsLocked").GetBoolean());
        Assert.Equal("body", json.GetProperty("conversationId").GetString());
        Assert.False(json.GetProperty("fromAllowUserAddress").GetBoolean());
        Assert.Equal(["helpdesk@example.test", "noreply@example.test"], json.GetProperty("fromAddresses").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("noreply@example.test", json.GetProperty("defaultFrom").GetString());

        var text = await _cli.RunAsync("accounts", "show", "Help Desk");
        Assert.Contains("password                       (set)", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Cli-Secret-4471", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_json_is_an_array_of_name_type_availability_and_server()
    {
        Assert.Equal(0, (await AddImapAsync("Support")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("accounts", "add", "pop3", "--name", "Alerts", "--incoming-server", "pop.example.test", "--smtp-server", "smtp.example.test")).ExitCode);

        var list = await _cli.RunAsync("accounts", "list", "--json");

        Assert.Equal(0, list.ExitCode);
        var items = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["Alerts", "Support"], items.Select(i => i.GetProperty("name").GetString()));
        Assert.Equal("pop3", items[0].GetProperty("type").GetString());
        Assert.False(items[0].GetProperty("availableToUsers").GetBoolean());
        Assert.Equal("pop.example.test", items[0].GetProperty("server").GetString());
    }

    [Fact]
    public async Task Invalid_input_exits_2_naming_every_problem_and_writes_nothing()
    {
        var add = await _cli.RunAsync("accounts", "add", "imap", "--name", "Broken", "--incoming-port", "70000", "--from-address", "Help <help@example.test>");

        Assert.Equal(2, add.ExitCode);
        Assert.Equal(["incoming-server", "incoming-port", "smtp-server", "from-address"], add.ErrorLines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal("[]", (await _cli.RunAsync("accounts", "list", "--json")).Out.Trim());
    }

    [Fact]
    public async Task A_name_differing_only_in_case_exits_2()
    {
        Assert.Equal(0, (await AddImapAsync("Support")).ExitCode);
        var again = await AddImapAsync("SUPPORT");
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("name: ", Assert.Single(again.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_type_or_a_bad_enum_value_exits_2()
    {
        Assert.Equal(2, (await _cli.RunAsync("accounts", "add", "smtp", "--name", "X")).ExitCode);
        var security = await AddImapAsync("X", "--incoming-security", "tls13");
        Assert.Equal(2, security.ExitCode);
        Assert.StartsWith("incoming-security: ", security.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_password_variable_exits_2_and_writes_nothing()
    {
        var add = await _cli.RunAsync("accounts", "add", "imap", "--name", "Support", "--incoming-server", "imap.example.test",
            "--smtp-server", "smtp.example.test", "--password-env", "MAILROOM_TEST_UNSET_" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(2, add.ExitCode);
        Assert.StartsWith("password-env: ", Assert.Single(add.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(3, (await _cli.RunAsync("accounts", "show", "Support")).ExitCode);
    }

    [Fact]
    public async Task Missing_accounts_exit_3()
    {
        Assert.Equal(3, (await _cli.RunAsync("accounts", "show", "nobody")).ExitCode);
        Assert.Equal(3, (await _cli.RunAsync("accounts", "edit", "nobody", "--available-to-users")).ExitCode);
        Assert.Equal(3, (await _cli.RunAsync("accounts", "copy", "nobody", "--name", "x")).ExitCode);
        var delete = await _cli.RunAsync("accounts", "delete", "nobody");
        Assert.Equal(3, delete.ExitCode);
        Assert.Contains("nobody", delete.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_changes_only_the_flags_given()
    {
        Assert.Equal(0, (await AddImapAsync("Support", "--incoming-security", "ssl", "--from-address", "support@example.test")).ExitCode);

        var edit = await _cli.RunAsync("accounts", "edit", "support", "--incoming-port", "1993", "--smtp-user", "mailer", "--smtp-password-env", _password.Name);

        Assert.True(edit.ExitCode == 0, edit.ToString());
        var json = await ShowJsonAsync("Support");
        Assert.Equal(1993, json.GetProperty("incomingPort").GetInt32());
        Assert.Equal("ssl", json.GetProperty("incomingSecurity").GetString());
        Assert.Equal("imap.example.test", json.GetProperty("incomingServer").GetString());
        Assert.Equal("support", json.GetProperty("user").GetString());
        Assert.True(json.GetProperty("passwordSet").GetBoolean());
        Assert.False(json.GetProperty("smtpUseIncomingCredentials").GetBoolean());
        Assert.Equal("mailer", json.GetProperty("smtpUser").GetString());
        Assert.True(json.GetProperty("smtpPasswordSet").GetBoolean());
        Assert.Equal(["support@example.test"], json.GetProperty("fromAddresses").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task An_invalid_edit_exits_2_and_changes_nothing()
    {
        Assert.Equal(0, (await AddImapAsync("Support")).ExitCode);
        var edit = await _cli.RunAsync("accounts", "edit", "Support", "--smtp-port", "0", "--default-from", "x@example.test");
        Assert.Equal(2, edit.ExitCode);
        Assert.Equal(["smtp-port", "default-from"], edit.ErrorLines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(1, (await ShowJsonAsync("Support")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Allowing_arbitrary_from_addresses_succeeds_with_a_warning()
    {
        var add = await AddImapAsync("Support", "--from-allow-arbitrary");
        Assert.Equal(0, add.ExitCode);
        Assert.StartsWith("warning: from-allow-arbitrary: ", Assert.Single(add.ErrorLines), StringComparison.Ordinal);
        Assert.True((await ShowJsonAsync("Support")).GetProperty("fromAllowArbitrary").GetBoolean());
    }

    [Fact]
    public async Task Copy_keeps_the_password_and_from_settings_and_delete_removes_the_account()
    {
        Assert.Equal(0, (await AddImapAsync("Support", "--from-address", "support@example.test", "--default-from", "support@example.test")).ExitCode);

        Assert.Equal(0, (await _cli.RunAsync("accounts", "copy", "Support", "--name", "Support 2")).ExitCode);
        var copy = await ShowJsonAsync("support 2");
        Assert.True(copy.GetProperty("passwordSet").GetBoolean());
        Assert.Equal("support@example.test", copy.GetProperty("defaultFrom").GetString());
        Assert.Equal(2, (await _cli.RunAsync("accounts", "copy", "Support", "--name", "SUPPORT 2")).ExitCode);

        Assert.Equal(0, (await _cli.RunAsync("accounts", "delete", "Support 2", "--keep-user-accounts")).ExitCode);
        Assert.Equal(3, (await _cli.RunAsync("accounts", "show", "Support 2")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("accounts", "show", "Support")).ExitCode);
    }

    [Fact]
    public async Task A_conflict_exits_4_with_the_message_on_stderr()
    {
        using var error = new StringWriter();
        var root = Program.CreateRootCommand();
        var parse = root.Parse(["--data-dir", _cli.DataDirectory, "accounts", "list"]);
        parse.InvocationConfiguration.Error = error;

        var code = await CommandRunner.RunAsync(parse, (_, _) => throw new ConflictException("account", "Support", 1, 2), CancellationToken.None);

        Assert.Equal(4, code);
        Assert.Contains("'Support' was changed by someone else", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_comes_from_standard_input_and_lands_nowhere_in_plain_text()
    {
        const string Password = "Stdin-Secret-9921";
        var add = await _cli.RunProcessAsync(Password + "\n",
            "accounts", "add", "exchange", "--name", "Help Desk", "--exchange-domain", "CORP", "--server", "mail.example.test",
            "--user", "helpdesk@example.test", "--password-stdin");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.True((await ShowJsonAsync("Help Desk")).GetProperty("passwordSet").GetBoolean());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        foreach (var file in Directory.EnumerateFiles(_cli.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(Password)) < 0, file);
            Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(Password)) < 0, file);
        }
    }
}
