using System.Text.Json;

namespace Mailroom.Tests.Commands;

/// <summary><c>monitor show --json</c> carries the account's sign-in state apart from the monitor's last error.</summary>
public sealed class MonitorShowSignInTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task An_OAuth_account_nobody_signed_in_to_shows_sign_in_needed_with_the_reason_and_a_password_account_none()
    {
        var add = await _cli.RunAsync("accounts", "add", "imap", "--name", "Desk", "--incoming-server", "imap.example.test", "--smtp-server", "smtp.example.test",
            "--user", "desk@example.test", "--auth", "oauth2", "--oauth-provider", "microsoft", "--tenant", "contoso.example", "--client-id", "client-desk", "--oauth-flow", "device-code");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal(0, (await _cli.RunAsync("accounts", "add", "imap", "--name", "Plain", "--incoming-server", "imap.example.test", "--smtp-server", "smtp.example.test")).ExitCode);
        foreach (var name in new[] { "Desk", "Plain" })
        {
            var set = await _cli.RunAsync("monitor", "set", name);
            Assert.True(set.ExitCode == 0, set.ToString());
        }

        var desk = await ShowJsonAsync("Desk");
        var signIn = desk.GetProperty("signIn");
        Assert.Equal("sign-in-needed", signIn.GetProperty("state").GetString());
        Assert.Contains("mailroom accounts sign-in \"Desk\"", signIn.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, desk.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await ShowJsonAsync("Plain")).GetProperty("signIn").ValueKind);
    }

    private async Task<JsonElement> ShowJsonAsync(string name)
    {
        var show = await _cli.RunAsync("monitor", "show", name, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return JsonDocument.Parse(show.Out).RootElement;
    }
}
