using System.Text.Json;

namespace Mailroom.Tests.Commands;

/// <summary><c>mailroom tokens create|list|revoke</c> through the real command tree, on the services every command uses.</summary>
public sealed class TokensCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_token_is_printed_once_listed_with_its_expiry_and_revoked_once()
    {
        var before = DateTimeOffset.UtcNow;
        var created = await _cli.RunAsync("tokens", "create", "nightly export", "--expires", "30d");
        Assert.True(created.ExitCode == 0, created.ToString());
        var value = created.Out.Trim();
        Assert.StartsWith("mrt_", value, StringComparison.Ordinal);
        Assert.Contains("agent API token 1 'nightly export', valid until", created.Error, StringComparison.Ordinal);

        var list = await _cli.RunAsync("tokens", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("nightly export", list.Out, StringComparison.Ordinal);
        Assert.Contains("never used; expires ", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(value, list.Out, StringComparison.Ordinal);

        var json = JsonDocument.Parse((await _cli.RunAsync("tokens", "list", "--json")).Out).RootElement.EnumerateArray().Single();
        var expires = json.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires, before.AddDays(30).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(30).AddSeconds(1));

        var revoked = await _cli.RunAsync("tokens", "revoke", "1");
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains("Revoked API token 1.", revoked.Out, StringComparison.Ordinal);
        Assert.Contains("revoked ", (await _cli.RunAsync("tokens", "list")).Out, StringComparison.Ordinal);

        var again = await _cli.RunAsync("tokens", "revoke", "1");
        Assert.Equal(3, again.ExitCode);
        Assert.Equal(["id: no active API token has the id 1."], again.ErrorLines);
    }

    [Fact]
    public async Task An_expiry_that_is_neither_a_duration_nor_a_date_names_the_field_and_creates_nothing()
    {
        var created = await _cli.RunAsync("tokens", "create", "export", "--expires", "soon");

        Assert.Equal(2, created.ExitCode);
        Assert.Equal(["expires: 'soon' is neither a duration such as 30d or 12h nor a date such as 2027-01-31."], created.ErrorLines);
        Assert.Equal("[]", (await _cli.RunAsync("tokens", "list", "--json")).Out.Trim());
    }
}
