using System.Globalization;
using System.Text.Json;

namespace Mailroom.Tests.Commands;

/// <summary><c>mailroom outbox cancel ID</c> on a real data directory: a queued message is stopped and kept as failed saying who cancelled it; exit codes as the README's table.</summary>
public sealed class OutboxCancelCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Cancel_stops_a_queued_message_then_a_second_cancel_is_a_conflict_and_an_unknown_id_is_not_found()
    {
        var add = await _cli.RunAsync("accounts", "add", "imap", "--name", "Support", "--incoming-server", "imap.example.test",
            "--smtp-server", "smtp.example.test", "--user", "support@example.test", "--available-to-users",
            "--from-address", "support@example.test", "--default-from", "support@example.test");
        Assert.True(add.ExitCode == 0, add.ToString());
        var created = await _cli.RunAsync("records", "create", "--subject", "Printer on fire", "--requester", "carol@customer.test", "--json");
        var record = JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var sent = await _cli.RunAsync("send", "--record", record, "--account", "Support", "--to", "carol@customer.test",
            "--subject", "About your printer", "--body", "We are on our way.", "--json");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        var id = JsonDocument.Parse(sent.Out).RootElement.GetProperty("outboxId").GetInt64().ToString(CultureInfo.InvariantCulture);

        var cancel = await _cli.RunAsync("outbox", "cancel", id);

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Contains($"Outbox message {id} is cancelled", cancel.Out, StringComparison.Ordinal);
        var listed = JsonDocument.Parse((await _cli.RunAsync("outbox", "list", "--all", "--json")).Out).RootElement.GetProperty("messages").EnumerateArray().Single();
        Assert.Equal("failed", listed.GetProperty("state").GetString());
        Assert.Contains($"Cancelled by cli:{Environment.UserName}", listed.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        var again = await _cli.RunAsync("outbox", "cancel", id);
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("nothing to cancel", again.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await _cli.RunAsync("outbox", "cancel", "999999")).ExitCode);
    }
}
