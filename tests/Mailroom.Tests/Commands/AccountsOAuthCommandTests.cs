using System.Text.Json;

namespace Mailroom.Tests.Commands;

/// <summary>
/// <c>accounts add imap|pop3 --auth oauth2 ...</c> and <c>accounts edit</c>: what a person types to define OAuth 2.0
/// sign-in, what <c>show</c> prints back (never the client secret), and each bad flag named with exit 2.
/// </summary>
public sealed class AccountsOAuthCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly SecretVariable _clientSecret = new("Cli-Client-Secret-5813", "MAILROOM_TEST_CS_");
    private readonly SecretVariable _password = new("Cli-Password-2274");

    public void Dispose()
    {
        _clientSecret.Dispose();
        _password.Dispose();
        _cli.Dispose();
    }

    private Task<CliResult> AddImapAsync(params string[] more) => _cli.RunAsync(
        ["accounts", "add", "imap", "--name", "Support", "--incoming-server", "outlook.office365.com", "--incoming-security", "ssl",
         "--smtp-server", "smtp.office365.com", "--user", "support@contoso.test", .. more]);

    private async Task<JsonElement> ShowJsonAsync(string name)
    {
        var show = await _cli.RunAsync("accounts", "show", name, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.DoesNotContain(_clientSecret.Value, show.Out, StringComparison.Ordinal);
        return JsonDocument.Parse(show.Out).RootElement;
    }

    private static IEnumerable<string> Fields(CliResult result) =>
        result.ErrorLines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]);

    [Fact]
    public async Task A_microsoft_app_only_imap_account_is_added_and_shown_with_its_endpoints_but_never_its_secret()
    {
        var add = await AddImapAsync("--auth", "oauth2", "--oauth-provider", "microsoft", "--client-id", "11111111-2222-3333-4444-555555555555",
            "--tenant", "contoso.onmicrosoft.com", "--oauth-flow", "client-credentials", "--client-secret-env", _clientSecret.Name);
        Assert.True(add.ExitCode == 0, add.ToString());

        var json = await ShowJsonAsync("support");
        Assert.Equal("oauth2", json.GetProperty("auth").GetString());
        Assert.False(json.GetProperty("passwordSet").GetBoolean());
        var oauth = json.GetProperty("oauth");
        Assert.Equal("microsoft", oauth.GetProperty("provider").GetString());
        Assert.Equal("client-credentials", oauth.GetProperty("flow").GetString());
        Assert.Equal("11111111-2222-3333-4444-555555555555", oauth.GetProperty("clientId").GetString());
        Assert.True(oauth.GetProperty("clientSecretSet").GetBoolean());
        Assert.False(oauth.GetProperty("clientCertificateSet").GetBoolean());
        Assert.Equal("contoso.onmicrosoft.com", oauth.GetProperty("tenant").GetString());
        Assert.Equal("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", oauth.GetProperty("tokenUrl").GetString());
        Assert.Equal(["https://outlook.office365.com/.default"], oauth.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("graph").ValueKind);

        var text = await _cli.RunAsync("accounts", "show", "Support");
        Assert.Contains("client-secret                  (set)", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(_clientSecret.Value, text.Out, StringComparison.Ordinal);

        var list = JsonDocument.Parse((await _cli.RunAsync("accounts", "list", "--json")).Out).RootElement;
        Assert.Equal("oauth2", list[0].GetProperty("auth").GetString());

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(_cli.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(_clientSecret.Value)) < 0, file);
        }
    }

    [Fact]
    public async Task A_custom_provider_keeps_its_urls_and_scopes_in_order()
    {
        var add = await AddImapAsync("--auth", "oauth2", "--oauth-provider", "custom", "--client-id", "mailroom",
            "--token-url", "http://127.0.0.1:5099/token", "--authorize-url", "http://127.0.0.1:5099/authorize",
            "--scope", "offline_access", "--scope", "mail");
        Assert.True(add.ExitCode == 0, add.ToString());

        var oauth = (await ShowJsonAsync("Support")).GetProperty("oauth");
        Assert.Equal("authorization-code", oauth.GetProperty("flow").GetString());
        Assert.Equal("http://127.0.0.1:5099/token", oauth.GetProperty("tokenUrl").GetString());
        Assert.Equal("http://127.0.0.1:5099/authorize", oauth.GetProperty("authorizeUrl").GetString());
        Assert.Equal(["offline_access", "mail"], oauth.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        Assert.False(oauth.GetProperty("clientSecretSet").GetBoolean());
    }

    [Fact]
    public async Task Bad_oauth_flags_exit_2_each_naming_its_flag_and_nothing_is_written()
    {
        var noProvider = await AddImapAsync("--auth", "oauth2", "--client-id", "x");
        Assert.Equal(2, noProvider.ExitCode);
        Assert.Equal(["oauth-provider"], Fields(noProvider));

        var custom = await AddImapAsync("--auth", "oauth2", "--oauth-provider", "custom", "--client-id", "x", "--oauth-flow", "sideways",
            "--authorize-url", "http://id.example.test/authorize");
        Assert.Equal(2, custom.ExitCode);
        Assert.Equal(["oauth-flow", "token-url", "scope", "authorize-url"], Fields(custom));

        var google = await AddImapAsync("--auth", "oauth2", "--oauth-provider", "google", "--client-id", "g", "--oauth-flow", "device-code");
        Assert.Equal(2, google.ExitCode);
        Assert.Contains("device-code is not allowed by Google", Assert.Single(google.ErrorLines), StringComparison.Ordinal);

        var withoutAuth = await AddImapAsync("--client-id", "x", "--tenant", "contoso.test");
        Assert.Equal(2, withoutAuth.ExitCode);
        Assert.Equal(["client-id", "tenant"], Fields(withoutAuth));
        Assert.All(withoutAuth.ErrorLines, l => Assert.Contains("--auth oauth2", l, StringComparison.Ordinal));

        var badAuth = await AddImapAsync("--auth", "kerberos");
        Assert.Equal(2, badAuth.ExitCode);
        Assert.StartsWith("auth: must be password or oauth2", Assert.Single(badAuth.ErrorLines), StringComparison.Ordinal);

        var passwordToo = await AddImapAsync("--auth", "oauth2", "--oauth-provider", "google", "--client-id", "g", "--password-env", _password.Name);
        Assert.Equal(2, passwordToo.ExitCode);
        Assert.Equal(["password"], Fields(passwordToo));

        var bothStdin = await AddImapAsync("--auth", "oauth2", "--oauth-provider", "google", "--client-id", "g", "--password-stdin", "--client-secret-stdin");
        Assert.Equal(2, bothStdin.ExitCode);
        Assert.StartsWith("client-secret: ", bothStdin.ErrorLines[0], StringComparison.Ordinal);

        Assert.Equal("[]", (await _cli.RunAsync("accounts", "list", "--json")).Out.Trim());
    }

    [Fact]
    public async Task Edit_switches_a_password_account_to_oauth_dropping_the_password_and_back_dropping_the_oauth_settings()
    {
        Assert.Equal(0, (await AddImapAsync("--password-env", _password.Name)).ExitCode);

        var toOAuth = await _cli.RunAsync("accounts", "edit", "Support", "--auth", "oauth2", "--oauth-provider", "microsoft",
            "--client-id", "app", "--tenant", "contoso.test", "--oauth-flow", "device-code");
        Assert.True(toOAuth.ExitCode == 0, toOAuth.ToString());
        var json = await ShowJsonAsync("Support");
        Assert.Equal("oauth2", json.GetProperty("auth").GetString());
        Assert.False(json.GetProperty("passwordSet").GetBoolean());
        Assert.Equal("https://login.microsoftonline.com/contoso.test/oauth2/v2.0/devicecode", json.GetProperty("oauth").GetProperty("deviceCodeUrl").GetString());

        var rotate = await _cli.RunAsync("accounts", "edit", "Support", "--client-secret-env", _clientSecret.Name, "--scope", "offline_access", "--scope", "https://outlook.office.com/IMAP.AccessAsUser.All");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Contains("client-secret", rotate.Out, StringComparison.Ordinal);
        Assert.True((await ShowJsonAsync("Support")).GetProperty("oauth").GetProperty("clientSecretSet").GetBoolean());

        var clear = await _cli.RunAsync("accounts", "edit", "Support", "--clear-client-secret", "--scope", "");
        Assert.True(clear.ExitCode == 0, clear.ToString());
        var cleared = (await ShowJsonAsync("Support")).GetProperty("oauth");
        Assert.False(cleared.GetProperty("clientSecretSet").GetBoolean());
        Assert.Contains("https://outlook.office.com/SMTP.Send", cleared.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));

        var contradicting = await _cli.RunAsync("accounts", "edit", "Support", "--auth", "password", "--client-id", "other");
        Assert.Equal(2, contradicting.ExitCode);
        Assert.StartsWith("client-id: contradicts --auth password", Assert.Single(contradicting.ErrorLines), StringComparison.Ordinal);

        var back = await _cli.RunAsync("accounts", "edit", "Support", "--auth", "password", "--password-env", _password.Name);
        Assert.True(back.ExitCode == 0, back.ToString());
        var password = await ShowJsonAsync("Support");
        Assert.Equal("password", password.GetProperty("auth").GetString());
        Assert.Equal(JsonValueKind.Null, password.GetProperty("oauth").ValueKind);
        Assert.True(password.GetProperty("passwordSet").GetBoolean());

        var audit = await _cli.RunAsync("audit", "list", "--account", "Support", "--json");
        Assert.DoesNotContain(_clientSecret.Value, audit.Out, StringComparison.Ordinal);
        Assert.Contains("client-secret", audit.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_secret_comes_from_standard_input()
    {
        const string Secret = "Stdin-Client-Secret-6630";
        var add = await _cli.RunProcessAsync(Secret + "\n",
            "accounts", "add", "pop3", "--name", "Alerts", "--incoming-server", "outlook.office365.com", "--smtp-server", "smtp.office365.com",
            "--user", "alerts@contoso.test", "--auth", "oauth2", "--oauth-provider", "microsoft", "--client-id", "app", "--tenant", "contoso.test",
            "--oauth-flow", "client-credentials", "--client-secret-stdin");
        Assert.True(add.ExitCode == 0, add.ToString());

        var json = await ShowJsonAsync("Alerts");
        Assert.True(json.GetProperty("oauth").GetProperty("clientSecretSet").GetBoolean());
        Assert.DoesNotContain(Secret, json.ToString(), StringComparison.Ordinal);
    }
}
