using System.CommandLine;
using System.Globalization;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Shapes;

namespace Mailroom.Commands;

/// <summary><c>mailroom monitor not-handled list|show|retry</c>: mail no item could handle, kept whole with its reason.</summary>
internal static class MonitorNotHandledCommand
{
    public static Command Create()
    {
        var command = new Command("not-handled", "Mail the monitor could not handle, with the reason and the raw message");

        var account = new Option<string?>("--account") { Description = "Only this account's messages" };
        var json = AccountsCommand.JsonOption();
        var list = new Command("list", "List messages not handled, newest first") { account, json };
        CommandRunner.SetAction(list, async (context, ct) =>
        {
            long? accountId = context.GetValue(account) is { } name ? (await context.Get<AccountStore>().GetAsync(name, ct)).Id : null;
            var rows = await context.Get<MonitorMessageStore>().ListNotHandledAsync(accountId, 1000, ct);
            if (context.GetValue(json))
            {
                context.WriteJson(rows.Select(View));
                return ExitCodes.Done;
            }

            if (rows.Count == 0)
            {
                await context.Out.WriteLineAsync("Nothing waits in Not handled.");
            }

            foreach (var r in rows)
            {
                await context.Out.WriteLineAsync($"{r.Id,6}  {MonitorCommand.Format(MonitorView.Time(r.FiledAt))}  {r.Sender}  \"{r.Subject}\"  {r.Reason}");
            }

            return ExitCodes.Done;
        });

        var showId = IdArgument();
        var showJson = AccountsCommand.JsonOption();
        var raw = new Option<bool>("--raw") { Description = "Print the raw message as received" };
        var show = new Command("show", "Show one message: its reason, and the raw message with --raw") { showId, showJson, raw };
        CommandRunner.SetAction(show, async (context, ct) =>
        {
            var store = context.Get<MonitorMessageStore>();
            var row = await store.GetAsync(context.GetValue(showId), ct);
            if (row is null)
            {
                throw new NotFoundException("received message", context.GetValue(showId).ToString(CultureInfo.InvariantCulture));
            }

            if (context.GetValue(raw))
            {
                await using var stream = await store.OpenRawAsync(row, ct);
                using var reader = new StreamReader(stream);
                await context.Out.WriteAsync(await reader.ReadToEndAsync(ct));
                return ExitCodes.Done;
            }

            if (context.GetValue(showJson))
            {
                context.WriteJson(View(row));
                return ExitCodes.Done;
            }

            var o = context.Out;
            await o.WriteLineAsync($"id           {row.Id}");
            await o.WriteLineAsync($"outcome      {row.Outcome ?? "waiting to be filed"}");
            await o.WriteLineAsync($"reason       {row.Reason}");
            await o.WriteLineAsync($"from         {row.Sender}");
            await o.WriteLineAsync($"subject      {row.Subject}");
            await o.WriteLineAsync($"message-id   {row.MessageId}");
            await o.WriteLineAsync($"size         {row.Size} bytes");
            await o.WriteLineAsync($"received     {MonitorCommand.Format(MonitorView.Time(row.ReceivedAt))}");
            return ExitCodes.Done;
        });

        var retryId = IdArgument();
        var retry = new Command("retry", "File the message again on the next check (after fixing the cause)") { retryId };
        CommandRunner.SetAction(retry, async (context, ct) =>
        {
            var id = context.GetValue(retryId);
            if (!await context.Get<MonitorMessageStore>().RetryAsync(id, ct))
            {
                throw new NotFoundException("not-handled message", id.ToString(CultureInfo.InvariantCulture));
            }

            await context.Out.WriteLineAsync($"Message {id} will be filed again on the next check (mailroom monitor run --once, or the running monitor).");
            return ExitCodes.Done;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(retry);
        return command;
    }

    private static Argument<long> IdArgument() => new("ID") { Description = "The message's id (see not-handled list)" };

    private static object View(ReceivedMessage r) => new
    {
        r.Id,
        r.AccountId,
        r.Outcome,
        r.Reason,
        From = r.Sender,
        r.Subject,
        r.MessageId,
        r.Size,
        ReceivedAt = MonitorView.Time(r.ReceivedAt),
        FiledAt = MonitorView.Time(r.FiledAt),
    };
}
