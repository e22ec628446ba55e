using System.Text.Json;
using Mailroom.Testing;

namespace Mailroom.Tests.Commands;

/// <summary>
/// <c>accounts add graph</c> and its edit, copy and show: a Microsoft 365 mailbox defined from the command line with a
/// client secret or a certificate file, never shown back, and each bad flag named with exit 2.
/// </summary>
public sealed class AccountsGraphCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly SecretVariable _clientSecret = new("Graph-Client-Secret-7702", "MAILROOM_TEST_CS_");
    private readonly string _files = Directory.CreateTempSubdirectory("mailroom-graph-cli-").FullName;

    public void Dispose()
    {
        _clientSecret.Dispose();
        _cli.Dispose();
        Directory.Delete(_files, recursive: true);
    }

    private Task<CliResult> AddGraphAsync(params string[] more) => _cli.RunAsync(
        ["accounts", "add", "graph", "--name", "M365 Desk", "--tenant", "contoso.onmicrosoft.com",
         "--client-id", "11111111-2222-3333-4444-555555555555", .. more]);

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
    public async Task A_graph_account_with_a_client_secret_is_added_listed_and_shown_with_graph_defaults()
    {
        var add = await AddGraphAsync("--client-secret-env", _clientSecret.Name, "--mailbox", "desk@contoso.test", "--available-to-users",
            "--from-address", "desk@contoso.test", "--default-from", "desk@contoso.test");
        Assert.True(add.ExitCode == 0, add.ToString());

        var json = await ShowJsonAsync("m365 desk");
        Assert.Equal("graph", json.GetProperty("type").GetString());
        Assert.Equal("oauth2", json.GetProperty("auth").GetString());
        Assert.Equal("desk@contoso.test", json.GetProperty("graph").GetProperty("mailbox").GetString());
        Assert.Equal("https://graph.microsoft.com", json.GetProperty("graph").GetProperty("graphUrl").GetString());
        var oauth = json.GetProperty("oauth");
        Assert.Equal("microsoft", oauth.GetProperty("provider").GetString());
        Assert.Equal("client-credentials", oauth.GetProperty("flow").GetString());
        Assert.True(oauth.GetProperty("clientSecretSet").GetBoolean());
        Assert.Equal("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", oauth.GetProperty("tokenUrl").GetString());
        Assert.Equal(["https://graph.microsoft.com/.default"], oauth.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("incomingServer").ValueKind);

        var list = JsonDocument.Parse((await _cli.RunAsync("accounts", "list", "--json")).Out).RootElement;
        Assert.Equal("graph", list[0].GetProperty("type").GetString());
        Assert.Equal("desk@contoso.test", list[0].GetProperty("server").GetString());

        var text = await _cli.RunAsync("accounts", "show", "M365 Desk");
        Assert.Contains("mailbox                        desk@contoso.test", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(_clientSecret.Value, text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_file_replaces_the_secret_and_a_copy_carries_it()
    {
        var pfx = Path.Combine(_files, "desk.pfx");
        await File.WriteAllBytesAsync(pfx, ClientCertificates.CreatePfx());
        var add = await AddGraphAsync("--client-certificate-file", pfx, "--mailbox", "desk@contoso.test",
            "--authority", "http://127.0.0.1:5077", "--graph-url", "http://127.0.0.1:5078");
        Assert.True(add.ExitCode == 0, add.ToString());

        var oauth = (await ShowJsonAsync("M365 Desk")).GetProperty("oauth");
        Assert.True(oauth.GetProperty("clientCertificateSet").GetBoolean());
        Assert.False(oauth.GetProperty("clientSecretSet").GetBoolean());
        Assert.Equal("http://127.0.0.1:5077/contoso.onmicrosoft.com/oauth2/v2.0/token", oauth.GetProperty("tokenUrl").GetString());

        var copy = await _cli.RunAsync("accounts", "copy", "M365 Desk", "--name", "M365 Desk 2");
        Assert.True(copy.ExitCode == 0, copy.ToString());
        var copied = await ShowJsonAsync("M365 Desk 2");
        Assert.True(copied.GetProperty("oauth").GetProperty("clientCertificateSet").GetBoolean());
        Assert.Equal("http://127.0.0.1:5078", copied.GetProperty("graph").GetProperty("graphUrl").GetString());

        var toSecret = await _cli.RunAsync("accounts", "edit", "M365 Desk 2", "--client-secret-env", _clientSecret.Name, "--mailbox", "other@contoso.test",
            "--oauth-flow", "authorization-code", "--graph-url", "");
        Assert.True(toSecret.ExitCode == 0, toSecret.ToString());
        var edited = await ShowJsonAsync("M365 Desk 2");
        Assert.False(edited.GetProperty("oauth").GetProperty("clientCertificateSet").GetBoolean());
        Assert.True(edited.GetProperty("oauth").GetProperty("clientSecretSet").GetBoolean());
        Assert.Equal("other@contoso.test", edited.GetProperty("graph").GetProperty("mailbox").GetString());
        Assert.Equal("https://graph.microsoft.com", edited.GetProperty("graph").GetProperty("graphUrl").GetString());
        Assert.Equal("authorization-code", edited.GetProperty("oauth").GetProperty("flow").GetString());
    }

    [Fact]
    public async Task Bad_graph_flags_exit_2_each_naming_its_flag_and_nothing_is_written()
    {
        var bare = await _cli.RunAsync("accounts", "add", "graph", "--name", "M365 Desk");
        Assert.Equal(2, bare.ExitCode);
        Assert.Equal(["mailbox", "client-id", "tenant", "client-secret"], Fields(bare));

        var wrong = await AddGraphAsync("--client-secret-env", _clientSecret.Name, "--mailbox", "desk", "--graph-url", "http://graph.example.test",
            "--oauth-flow", "device-code");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal(["mailbox", "graph-url", "oauth-flow"], Fields(wrong));

        var appOnlyCommon = await _cli.RunAsync("accounts", "add", "graph", "--name", "M365 Desk", "--tenant", "common", "--client-id", "app",
            "--client-secret-env", _clientSecret.Name, "--mailbox", "desk@contoso.test");
        Assert.Equal(2, appOnlyCommon.ExitCode);
        Assert.Equal(["tenant"], Fields(appOnlyCommon));

        var notPfx = Path.Combine(_files, "not.pfx");
        await File.WriteAllTextAsync(notPfx, "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n");
        var badCertificate = await AddGraphAsync("--client-certificate-file", notPfx, "--mailbox", "desk@contoso.test");
        Assert.Equal(2, badCertificate.ExitCode);
        Assert.Contains("PKCS#12", Assert.Single(badCertificate.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(["client-certificate"], Fields(badCertificate));

        var missing = await AddGraphAsync("--client-certificate-file", Path.Combine(_files, "absent.pfx"), "--mailbox", "desk@contoso.test");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("client-certificate-file", Fields(missing).First());

        var both = await AddGraphAsync("--client-secret-env", _clientSecret.Name, "--client-certificate-file", notPfx, "--mailbox", "desk@contoso.test");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("client-certificate", Fields(both));

        // Graph has no servers, password or provider choice: those flags are not offered at all.
        var servers = await AddGraphAsync("--client-secret-env", _clientSecret.Name, "--mailbox", "desk@contoso.test", "--incoming-server", "imap.example.test");
        Assert.Equal(2, servers.ExitCode);

        Assert.Equal("[]", (await _cli.RunAsync("accounts", "list", "--json")).Out.Trim());
    }

    [Fact]
    public async Task Going_back_to_password_is_refused_for_a_graph_account()
    {
        Assert.Equal(0, (await AddGraphAsync("--client-secret-env", _clientSecret.Name, "--mailbox", "desk@contoso.test")).ExitCode);

        var edit = await _cli.RunAsync("accounts", "edit", "M365 Desk", "--auth", "password");

        Assert.Equal(2, edit.ExitCode);
        Assert.Equal(["auth"], Fields(edit));
        Assert.Equal("oauth2", (await ShowJsonAsync("M365 Desk")).GetProperty("auth").GetString());
    }
}
