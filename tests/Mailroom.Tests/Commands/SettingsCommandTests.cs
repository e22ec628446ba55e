using System.Text.Json;

namespace Mailroom.Tests.Commands;

public sealed class SettingsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_fresh_installation_has_a_random_four_letter_prefix()
    {
        var show = await _cli.RunAsync("settings", "show", "--json");
        Assert.Equal(0, show.ExitCode);
        Assert.Matches("^[A-Z]{4}$", JsonDocument.Parse(show.Out).RootElement.GetProperty("conversationPrefix").GetString());
    }

    [Fact]
    public async Task The_prefix_is_set_and_shown()
    {
        Assert.Equal(0, (await _cli.RunAsync("settings", "set", "conversation-prefix", "HD42")).ExitCode);
        var show = await _cli.RunAsync("settings", "show");
        Assert.Contains("HD42", show.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("ABCDEFGHI")]
    [InlineData("AB_C")]
    public async Task A_bad_prefix_exits_2_and_changes_nothing(string prefix)
    {
        var before = (await _cli.RunAsync("settings", "show", "--json")).Out;
        var set = await _cli.RunAsync("settings", "set", "conversation-prefix", prefix);
        Assert.Equal(2, set.ExitCode);
        Assert.StartsWith("conversation-prefix: ", Assert.Single(set.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, (await _cli.RunAsync("settings", "show", "--json")).Out);
    }

    [Fact]
    public async Task Help_exits_0()
    {
        var help = await _cli.RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("accounts", help.Out, StringComparison.Ordinal);
    }
}
