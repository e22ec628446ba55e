using System.Text.Json;

namespace Mailroom.Tests.Commands;

/// <summary><c>mailroom monitor items add|edit</c>: what is saved is what the filer can run, or nothing is saved.</summary>
public sealed class MonitorItemsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task An_item_the_filer_could_not_run_is_refused_naming_each_problem_and_nothing_is_saved()
    {
        await CreateMonitorAsync();

        var add = await _cli.RunAsync("monitor", "items", "add", "Desk", "--name", "Broken", "--definition",
            """{"conditions":[{"field":"colour","operator":"contains","value":"x"}],"actions":[{"type":"explode"}]}""");

        Assert.Equal(2, add.ExitCode);
        Assert.Contains(add.ErrorLines, l => l.StartsWith("definition.conditions[0].field: ", StringComparison.Ordinal));
        Assert.Contains(add.ErrorLines, l => l.StartsWith("definition.actions[0].type: ", StringComparison.Ordinal));
        var list = await _cli.RunAsync("monitor", "items", "list", "Desk", "--json");
        Assert.Equal(["Skip", "Default"], JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_valid_item_is_saved_between_skip_and_default_and_the_default_item_takes_its_settings()
    {
        await CreateMonitorAsync();

        var add = await _cli.RunAsync("monitor", "items", "add", "Desk", "--name", "Urgent", "--definition",
            """{"conditions":[{"field":"subject","operator":"contains","value":"urgent"}],"actions":[{"type":"create-record","fields":{"priority":"high"}},{"type":"attach"}]}""");
        var edit = await _cli.RunAsync("monitor", "items", "edit", "Desk", "Default", "--definition", """{"finding":{"record-number":true}}""");
        var badDefault = await _cli.RunAsync("monitor", "items", "edit", "Desk", "Default", "--definition", """{"finding":{"record-number-mode":"sideways"}}""");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Equal(2, badDefault.ExitCode);
        Assert.StartsWith("definition.finding.record-number-mode: ", Assert.Single(badDefault.ErrorLines), StringComparison.Ordinal);
        var items = JsonDocument.Parse((await _cli.RunAsync("monitor", "items", "list", "Desk", "--json")).Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["Skip", "Urgent", "Default"], items.Select(i => i.GetProperty("name").GetString()));
        Assert.True(items[2].GetProperty("definition").GetProperty("finding").GetProperty("record-number").GetBoolean());
    }

    private async Task CreateMonitorAsync()
    {
        Assert.Equal(0, (await _cli.RunAsync("accounts", "add", "pop3", "--name", "Desk", "--incoming-server", "pop.example.test", "--smtp-server", "smtp.example.test")).ExitCode);
        var set = await _cli.RunAsync("monitor", "set", "Desk");
        Assert.True(set.ExitCode == 0, set.ToString());
    }
}
