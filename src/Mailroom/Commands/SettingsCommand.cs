using System.CommandLine;
using Mailroom.Data.Settings;

namespace Mailroom.Commands;

/// <summary><c>mailroom settings show|set</c>: the installation settings.</summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var command = new Command("settings", "Installation settings (the Conversation ID prefix)");
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateSet());
        return command;
    }

    private static Command CreateShow()
    {
        var json = AccountsCommand.JsonOption();
        var command = new Command("show", "Show the installation settings") { json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var settings = await context.Get<SettingsStore>().GetAsync(ct);
            if (context.GetValue(json))
            {
                context.WriteJson(new { settings.ConversationPrefix });
            }
            else
            {
                await context.Out.WriteLineAsync($"conversation-prefix  {settings.ConversationPrefix}");
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateSet()
    {
        var command = new Command("set", "Change an installation setting");
        var prefix = new Argument<string>("PREFIX") { Description = "2-8 letters or digits, e.g. ABCD" };
        var conversationPrefix = new Command("conversation-prefix", "Set the Conversation ID prefix ({CMI: PREFIX1234})") { prefix };
        CommandRunner.SetAction(conversationPrefix, async (context, ct) =>
        {
            var store = context.Get<SettingsStore>();
            var settings = await store.GetAsync(ct);
            await store.SaveAsync(settings with { ConversationPrefix = context.GetValue(prefix)! }, context.Actor, ct);
            await context.Out.WriteLineAsync($"conversation-prefix set to {context.GetValue(prefix)}.");
            return ExitCodes.Done;
        });
        command.Subcommands.Add(conversationPrefix);
        return command;
    }
}
