using System.Text.Json;

namespace Mailroom.Tests.Commands;

/// <summary><c>mailroom nodes list</c> through the real command tree (the live nodes themselves: <c>Nodes/NodesChaosTests</c>).</summary>
public sealed class NodesCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Nodes_list_on_a_database_no_serve_has_used_says_there_are_no_live_nodes_in_text_and_json()
    {
        var text = await _cli.RunAsync("nodes", "list");
        var json = await _cli.RunAsync("nodes", "list", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Equal("No live nodes: no mailroom serve has sent a heartbeat to this database lately.", text.Out.Trim());
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(0, JsonDocument.Parse(json.Out).RootElement.GetProperty("nodes").GetArrayLength());
    }
}
