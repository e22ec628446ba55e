using System.Text.Json;

namespace Mailroom.Tests.Commands;

/// <summary><c>mailroom records status|assign|note</c> and <c>mailroom users disable|enable|reset-password|set-role|delete</c> on a real data directory.</summary>
public sealed class RecordsWorkflowCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Status_assign_and_note_change_the_record_and_write_who_did_it_in_the_journal()
    {
        Assert.Equal(0, (await _cli.RunProcessAsync("Agent-pass-123\n", "users", "add", "abe@desk.test", "--agent", "--name", "Abe", "--password-stdin")).ExitCode);
        var created = await _cli.RunAsync("records", "create", "--subject", "Printer on fire", "--requester", "carol@customer.test", "--json");
        var id = JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var status = await _cli.RunAsync("records", "status", id, "in-progress");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("is now in-progress", status.Out, StringComparison.Ordinal);
        var assign = await _cli.RunAsync("records", "assign", id, "ABE@desk.test");
        Assert.True(assign.ExitCode == 0, assign.ToString());
        var note = await _cli.RunAsync("records", "note", id, "--text", "Called Carol: the toner is smoking.");
        Assert.True(note.ExitCode == 0, note.ToString());

        var shown = JsonDocument.Parse((await _cli.RunAsync("records", "show", id, "--json")).Out).RootElement;
        Assert.Equal("in-progress", shown.GetProperty("status").GetString());
        Assert.Equal("abe@desk.test", shown.GetProperty("assignee").GetString());
        var journal = shown.GetProperty("journal").EnumerateArray().Select(e => (Kind: e.GetProperty("kind").GetString(), Text: e.GetProperty("text").GetString(), Author: e.GetProperty("author").GetString())).ToList();
        Assert.Equal(["change", "change", "note"], journal.Select(e => e.Kind));
        Assert.Equal("Status changed from new to in-progress.", journal[0].Text);
        Assert.Equal("Assigned to abe@desk.test.", journal[1].Text);
        Assert.Equal("Called Carol: the toner is smoking.", journal[2].Text);
        Assert.All(journal, e => Assert.Equal($"cli:{Environment.UserName}", e.Author));

        // The list filters by assignee and finds the note's words.
        Assert.Contains("Printer on fire", (await _cli.RunAsync("records", "list", "--assignee", "abe@desk.test")).Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Printer on fire", (await _cli.RunAsync("records", "list", "--assignee", "none")).Out, StringComparison.Ordinal);
        Assert.Contains("Printer on fire", (await _cli.RunAsync("records", "list", "--search", "toner is smoking")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_workflow_input_is_refused_under_its_field()
    {
        var created = await _cli.RunAsync("records", "create", "--subject", "Bad input", "--json");
        var id = JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var status = await _cli.RunAsync("records", "status", id, "burning");
        Assert.Equal(2, status.ExitCode);
        Assert.StartsWith("status: 'burning' is not a status", Assert.Single(status.ErrorLines), StringComparison.Ordinal);

        var assign = await _cli.RunAsync("records", "assign", id, "nobody@desk.test");
        Assert.Equal(2, assign.ExitCode);
        Assert.StartsWith("assignee: no user has the address 'nobody@desk.test'", Assert.Single(assign.ErrorLines), StringComparison.Ordinal);

        var note = await _cli.RunAsync("records", "note", id, "--text", "   ");
        Assert.Equal(2, note.ExitCode);
        Assert.Equal("text: a note needs some text.", Assert.Single(note.ErrorLines));

        Assert.Equal(3, (await _cli.RunAsync("records", "status", "999999", "closed")).ExitCode);
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_disabled_demoted_or_deleted_but_others_can()
    {
        Assert.Equal(0, (await _cli.RunProcessAsync("Admin-pass-123\n", "users", "add", "ada@desk.test", "--admin", "--password-stdin")).ExitCode);
        Assert.Equal(0, (await _cli.RunProcessAsync("Agent-pass-123\n", "users", "add", "abe@desk.test", "--agent", "--password-stdin")).ExitCode);

        foreach (var args in new[] { new[] { "users", "disable", "ada@desk.test" }, ["users", "set-role", "ada@desk.test", "agent"], ["users", "delete", "ada@desk.test"] })
        {
            var refused = await _cli.RunAsync(args);
            Assert.Equal(2, refused.ExitCode);
            Assert.StartsWith("address: ada@desk.test is the last active administrator", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        }

        Assert.Equal(0, (await _cli.RunAsync("users", "disable", "abe@desk.test")).ExitCode);
        Assert.Contains("(disabled)", (await _cli.RunAsync("users", "list")).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("users", "enable", "abe@desk.test")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("users", "set-role", "abe@desk.test", "administrator")).ExitCode);

        // With a second administrator, the first may step down.
        Assert.Equal(0, (await _cli.RunAsync("users", "set-role", "ada@desk.test", "agent")).ExitCode);
        var users = JsonDocument.Parse((await _cli.RunAsync("users", "list", "--json")).Out).RootElement.EnumerateArray()
            .ToDictionary(u => u.GetProperty("address").GetString()!, u => u.GetProperty("role").GetString());
        Assert.Equal("agent", users["ada@desk.test"]);
        Assert.Equal("administrator", users["abe@desk.test"]);

        var reset = await _cli.RunProcessAsync("Temp-pass-123\n", "users", "reset-password", "ada@desk.test", "--password-stdin");
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.DoesNotContain("Temp-pass-123", reset.Out + reset.Error, StringComparison.Ordinal);
        Assert.Contains("(must choose a new password)", (await _cli.RunAsync("users", "list")).Out, StringComparison.Ordinal);

        Assert.Equal(0, (await _cli.RunAsync("users", "delete", "ada@desk.test")).ExitCode);
        Assert.Equal(3, (await _cli.RunAsync("users", "delete", "ada@desk.test")).ExitCode);
    }
}
