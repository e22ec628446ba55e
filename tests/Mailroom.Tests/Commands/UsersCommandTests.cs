namespace Mailroom.Tests.Commands;

/// <summary><c>mailroom users</c> refusals that need no standard input (the rest run as a process in <see cref="RecordsWorkflowCommandTests"/>).</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Users_add_without_a_role_or_the_password_flag_names_both_fields()
    {
        var added = await _cli.RunAsync("users", "add", "abe@desk.test");

        Assert.Equal(2, added.ExitCode);
        Assert.Equal(
            ["role: Give exactly one of --admin or --agent.", "password: Give --password-stdin and type the password on standard input; passwords never go on the command line."],
            added.ErrorLines);
    }
}
