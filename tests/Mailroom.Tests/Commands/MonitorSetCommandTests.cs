using System.Text.Json;

namespace Mailroom.Tests.Commands;

/// <summary><c>mailroom monitor set --default-customer</c>: only an existing customer, cleared with <c>none</c>, shown by show and list.</summary>
public sealed class MonitorSetCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task An_address_no_customer_has_is_refused_naming_the_field_and_nothing_changes()
    {
        await CreateMonitorAsync();

        var set = await _cli.RunAsync("monitor", "set", "Desk", "--default-customer", "nobody@example.test", "--interval", "90");

        Assert.Equal(2, set.ExitCode);
        Assert.Equal("default-customer: no customer with the address nobody@example.test", Assert.Single(set.ErrorLines));
        var shown = await ShowJsonAsync();
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("defaultCustomer").ValueKind);
        Assert.Equal(60, shown.GetProperty("intervalSeconds").GetInt32()); // nothing half-written
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("two@at@example.test")]
    [InlineData("")]
    public async Task A_malformed_address_is_refused_naming_the_field(string address)
    {
        await CreateMonitorAsync();

        var set = await _cli.RunAsync("monitor", "set", "Desk", "--default-customer", address);

        Assert.Equal(2, set.ExitCode);
        var line = Assert.Single(set.ErrorLines);
        Assert.StartsWith("default-customer: ", line, StringComparison.Ordinal);
        Assert.Contains("not an e-mail address", line, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await ShowJsonAsync()).GetProperty("defaultCustomer").ValueKind);
    }

    [Fact]
    public async Task An_existing_customer_is_set_in_any_letter_case_shown_by_show_and_list_and_cleared_with_none()
    {
        await CreateMonitorAsync();
        var record = await _cli.RunAsync("records", "create", "--subject", "Walk-ins", "--requester", "Front.Desk@Example.test");
        Assert.True(record.ExitCode == 0, record.ToString());

        var set = await _cli.RunAsync("monitor", "set", "Desk", "--default-customer", "front.desk@EXAMPLE.test");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("Front.Desk@Example.test", (await ShowJsonAsync()).GetProperty("defaultCustomer").GetString());
        var text = await _cli.RunAsync("monitor", "show", "Desk");
        Assert.Contains(text.Out.Split('\n'), l => l.StartsWith("default customer  Front.Desk@Example.test", StringComparison.Ordinal));
        var list = JsonDocument.Parse((await _cli.RunAsync("monitor", "list", "--json")).Out).RootElement;
        Assert.Equal("Front.Desk@Example.test", list[0].GetProperty("defaultCustomer").GetString());
        Assert.Contains("default customer Front.Desk@Example.test", (await _cli.RunAsync("monitor", "list")).Out, StringComparison.Ordinal);

        // Changing another setting keeps it; none clears it.
        Assert.Equal(0, (await _cli.RunAsync("monitor", "set", "Desk", "--interval", "120")).ExitCode);
        Assert.Equal("Front.Desk@Example.test", (await ShowJsonAsync()).GetProperty("defaultCustomer").GetString());
        var clear = await _cli.RunAsync("monitor", "set", "Desk", "--default-customer", "none");
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Equal(JsonValueKind.Null, (await ShowJsonAsync()).GetProperty("defaultCustomer").ValueKind);
        Assert.Contains("default customer  none", (await _cli.RunAsync("monitor", "show", "Desk")).Out, StringComparison.Ordinal);
    }

    private async Task<JsonElement> ShowJsonAsync()
    {
        var show = await _cli.RunAsync("monitor", "show", "Desk", "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return JsonDocument.Parse(show.Out).RootElement;
    }

    private async Task CreateMonitorAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync("accounts", "add", "imap", "--name", "Desk", "--incoming-server", "imap.example.test", "--smtp-server", "smtp.example.test")).ExitCode);
        var set = await _cli.RunAsync("monitor", "set", "Desk");
        Assert.True(set.ExitCode == 0, set.ToString());
    }
}
