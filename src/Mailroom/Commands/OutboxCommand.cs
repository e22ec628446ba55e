using System.CommandLine;
using System.Globalization;
using Mailroom.Core.Validation;
using Mailroom.Data.Outbox;
using Mailroom.Engine.Outbox;

namespace Mailroom.Commands;

/// <summary><c>mailroom outbox list|retry|cancel|run</c>: what waits to be sent, and sending it.</summary>
internal static class OutboxCommand
{
    public static Command Create()
    {
        var command = new Command("outbox", "Messages waiting to be sent, sent and failed");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRetry());
        command.Subcommands.Add(CreateCancel());
        command.Subcommands.Add(CreateRun());
        return command;
    }

    private static Command CreateList()
    {
        var all = new Option<bool>("--all") { Description = "Include messages already sent" };
        var limit = new Option<int>("--limit") { Description = "At most this many (default 200)", DefaultValueFactory = _ => 200 };
        var json = AccountsCommand.JsonOption();
        var command = new Command("list", "List the outbox, newest first (without sent messages unless --all)") { all, limit, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var messages = await context.Get<OutboxStore>().ListAsync(context.GetValue(all), Math.Clamp(context.GetValue(limit), 1, 10_000), ct);
            if (context.GetValue(json))
            {
                context.WriteJson(new
                {
                    messages = messages.Select(m => new
                    {
                        m.Id,
                        Record = m.RecordId,
                        Account = m.AccountName,
                        m.Subject,
                        To = m.Recipients,
                        State = m.State.ToString().ToLowerInvariant(),
                        m.Attempts,
                        NextAttempt = m.NextAttemptAt,
                        LastError = m.LastError,
                        m.MessageId,
                        m.EntryId,
                        m.CreatedAt,
                        m.SentAt,
                        m.UnknownOutcome,
                    }),
                });
                return ExitCodes.Done;
            }

            foreach (var m in messages)
            {
                var next = m.NextAttemptAt is { } n ? $" next {n:u}" : "";
                var error = m.LastError is { } e ? $"  last error: {e}" : "";
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Id,6}  {m.State.ToString().ToLowerInvariant(),-8} record {m.RecordId?.ToString(CultureInfo.InvariantCulture) ?? "-"}  {m.AccountName ?? "?"}  to {m.Recipients}  \"{m.Subject}\"  tries {m.Attempts}{next}{error}"));
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{messages.Count} message(s)."));
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateRetry()
    {
        var id = new Argument<long>("ID") { Description = "The outbox message's id" };
        var command = new Command("retry", "Make a waiting or failed message due now") { id };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var outboxId = context.GetValue(id);
            var key = outboxId.ToString(CultureInfo.InvariantCulture);
            switch (await context.Get<OutboxStore>().RetryNowAsync(outboxId, context.Get<OutboxOptions>().RetryPeriod, ct))
            {
                case OutboxRetryResult.NotFound:
                    throw new NotFoundException("outbox message", key);
                case OutboxRetryResult.AlreadySent:
                    await context.Error.WriteLineAsync($"Outbox message {key} was already accepted by the server; sending it again would deliver a second copy.");
                    return ExitCodes.Conflict;
                case OutboxRetryResult.InProgress:
                    await context.Error.WriteLineAsync($"Outbox message {key} is being sent right now; see `outbox list` in a moment.");
                    return ExitCodes.Conflict;
                default:
                    await context.Out.WriteLineAsync($"Outbox message {key} is due now; `outbox run --once` or a running `serve` sends it.");
                    return ExitCodes.Done;
            }
        });
        return command;
    }

    /// <summary>As the Outbox page's Cancel: the message is kept as failed, saying who cancelled it, and its record shows why.</summary>
    private static Command CreateCancel()
    {
        var id = new Argument<long>("ID") { Description = "The outbox message's id" };
        var command = new Command("cancel", "Stop a queued or retrying message; it is kept as failed, saying who cancelled it") { id };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var outboxId = context.GetValue(id);
            var key = outboxId.ToString(CultureInfo.InvariantCulture);
            switch (await context.Get<OutboxStore>().CancelAsync(outboxId, context.Actor, ct))
            {
                case OutboxCancelResult.NotFound:
                    throw new NotFoundException("outbox message", key);
                case OutboxCancelResult.Finished:
                    await context.Error.WriteLineAsync($"Outbox message {key} was sent or failed already; there is nothing to cancel.");
                    return ExitCodes.Conflict;
                case OutboxCancelResult.InProgress:
                    await context.Error.WriteLineAsync($"Outbox message {key} is being handed to the server right now and cannot be called back.");
                    return ExitCodes.Conflict;
                default:
                    await context.Out.WriteLineAsync($"Outbox message {key} is cancelled: it will not be sent, and its record shows why.");
                    return ExitCodes.Done;
            }
        });
        return command;
    }

    private static Command CreateRun()
    {
        var once = new Option<bool>("--once") { Description = "Send what is due now and exit", Required = true };
        var json = AccountsCommand.JsonOption();
        var command = new Command("run", "Send what is due (failures become states, not errors)") { once, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var result = await context.Get<OutboxProcessor>().RunOnceAsync(ct);
            if (context.GetValue(json))
            {
                context.WriteJson(new { result.Sent, result.Retrying, result.Failed });
            }
            else
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"sent {result.Sent}, waiting to retry {result.Retrying}, failed {result.Failed}"));
            }

            return ExitCodes.Done;
        });
        return command;
    }
}
