using System.CommandLine;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Mail;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom accounts test NAME --to ADDRESS</c>: Test Account. Prints each step as PASS or FAIL with the server's
/// words and a hint; exit 0 when every step passed, 5 when one failed.
/// </summary>
internal static class AccountsTestCommand
{
    public static Command Create()
    {
        var name = AccountsCommand.NameArgument();
        var to = new Option<string>("--to") { Description = "Where the test e-mail goes: your own address", Required = true };
        var json = AccountsCommand.JsonOption();
        var command = new Command("test", "Check the account's fields, sign in to its servers and send a test e-mail") { name, to, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var recipient = context.GetValue(to)?.Trim() ?? string.Empty;
            if (!MimeKit.MailboxAddress.TryParse(recipient, out var address) || !address.Address.Contains('@', StringComparison.Ordinal))
            {
                throw new ValidationException([new ValidationProblem("to", $"'{recipient}' is not an e-mail address.")]);
            }

            var account = await context.Get<AccountStore>().GetAsync(context.GetValue(name)!, ct);
            var report = await context.Get<IAccountTester>().TestAsync(account, address.Address, ct);
            if (context.GetValue(json))
            {
                context.WriteJson(new { account.Name, report.Passed, report.Steps });
            }
            else
            {
                foreach (var step in report.Steps)
                {
                    await context.Out.WriteLineAsync($"{(step.Passed ? "PASS" : "FAIL")}  {step.Name}: {step.Detail}");
                    if (step.Hint is not null)
                    {
                        await context.Out.WriteLineAsync($"      hint: {step.Hint}");
                    }
                }
            }

            return report.Passed ? ExitCodes.Done : ExitCodes.TestFailed;
        });
        return command;
    }
}
