using System.CommandLine;
using System.Globalization;
using Mailroom.Core.Records;
using Mailroom.Core.Validation;
using Mailroom.Data.Records;
using Mailroom.Shapes;
using Mailroom.Workflow;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom records create|list|show|status|assign|note</c>: Incidents, their journals, and the desk's workflow on
/// them (each change written to the journal with who made it).
/// </summary>
internal static class RecordsCommand
{
    public static Command Create()
    {
        var command = new Command("records", "Records (Incidents) and their journals");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateStatus());
        command.Subcommands.Add(CreateAssign());
        command.Subcommands.Add(CreateNote());
        return command;
    }

    private static Command CreateStatus()
    {
        var id = IdArgument();
        var status = new Argument<string>("STATUS") { Description = "new, in-progress, resolved or closed" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("status", "Change a record's status (new, in-progress, resolved, closed); the journal says who and when") { id, status, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var record = await context.Get<RecordWorkflow>().ChangeStatusAsync(context.GetValue(id), RecordStatusText.Parse(context.GetValue(status)), context.Actor, ct);
            return await WriteRecordAsync(context, json, record, $"is now {RecordStatusText.Of(record.Status)}");
        });
        return command;
    }

    private static Command CreateAssign()
    {
        var id = IdArgument();
        var agent = new Argument<string>("AGENT") { Description = "The agent's address (as 'users list' shows it), or none" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("assign", "Assign a record to an agent, or to nobody with none; the journal says who and when") { id, agent, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var record = await context.Get<RecordWorkflow>().AssignAsync(context.GetValue(id), context.GetValue(agent), context.Actor, ct);
            return await WriteRecordAsync(context, json, record, record.Assignee is { } a ? $"is assigned to {a}" : "is assigned to nobody");
        });
        return command;
    }

    private static Command CreateNote()
    {
        var id = IdArgument();
        var text = new Option<string?>("--text") { Description = "The note's text" };
        var file = new Option<string?>("--file") { Description = "A text file holding the note" };
        var command = new Command("note", "Add an internal note to a record's journal (never mailed to anyone)") { id, text, file };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var given = context.GetValue(text);
            var path = context.GetValue(file);
            if ((given is null) == (path is null))
            {
                throw new ValidationException("text", "give exactly one of --text or --file.");
            }

            if (path is not null)
            {
                given = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : throw new ValidationException("file", $"the file '{path}' does not exist.");
            }

            var entry = await context.Get<RecordWorkflow>().AddNoteAsync(context.GetValue(id), given, context.Actor, ct);
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Added note {entry} to record {context.GetValue(id)}."));
            return ExitCodes.Done;
        });
        return command;
    }

    private static async Task<int> WriteRecordAsync(CommandContext context, Option<bool> json, Record record, string what)
    {
        if (context.GetValue(json))
        {
            context.WriteJson(RecordView.Summary(record));
        }
        else
        {
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Record {record.Id} (Incident {record.Number}) {what}."));
        }

        return ExitCodes.Done;
    }

    /// <summary>The record id argument, shared with <c>send --record</c>'s parsing.</summary>
    public static Argument<long> IdArgument() => new("ID") { Description = "The record's id" };

    private static Command CreateCreate()
    {
        var subject = new Option<string>("--subject") { Description = "One line", Required = true };
        var requester = new Option<string?>("--requester") { Description = "The customer's e-mail address" };
        var requesterName = new Option<string?>("--requester-name") { Description = "The customer's name, if new" };
        var descriptionFile = new Option<string?>("--description-file") { Description = "A text file with the description" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("create", "Create an Incident") { subject, requester, requesterName, descriptionFile, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            string? description = null;
            if (context.GetValue(descriptionFile) is { } file)
            {
                description = File.Exists(file)
                    ? await File.ReadAllTextAsync(file, ct)
                    : throw new ValidationException("description-file", $"the file '{file}' does not exist.");
            }

            var record = await context.Get<RecordStore>().CreateAsync(
                new NewRecord(context.GetValue(subject)!, context.GetValue(requester), context.GetValue(requesterName), description), ct);
            if (context.GetValue(json))
            {
                context.WriteJson(RecordView.Summary(record));
            }
            else
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created record {record.Id} (Incident {record.Number}): {record.Subject}"));
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateList()
    {
        var search = new Option<string?>("--search") { Description = "Text in the subject, the requester, the mail or the notes, or a record number" };
        var assignee = new Option<string?>("--assignee") { Description = "Only records assigned to this agent's address, or none for unassigned ones" };
        var account = new Option<string?>("--account") { Description = "Only records with mail received or sent through this account (its name)" };
        var status = new Option<string[]>("--status") { Description = "new, in-progress, resolved or closed (repeatable)", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int>("--limit") { Description = "At most this many (default and most 1000; --offset pages on)", DefaultValueFactory = _ => 1000 };
        var offset = new Option<int>("--offset") { Description = "Skip this many, newest first" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("list", "List records, newest first") { search, status, assignee, account, limit, offset, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var statuses = (context.GetValue(status) ?? []).Select(s => RecordStatusText.Parse(s)).ToList();
            long? accountId = null;
            if (context.GetValue(account) is { } accountName)
            {
                accountId = (await context.Get<Data.Accounts.AccountStore>().FindAsync(accountName, ct))?.Id
                    ?? throw new NotFoundException("account", accountName);
            }

            var page = await context.Get<RecordStore>().ListAsync(
                new RecordQuery(context.GetValue(search), statuses, Offset: context.GetValue(offset), Limit: Math.Clamp(context.GetValue(limit), 1, 1000),
                    Assignee: context.GetValue(assignee), AccountId: accountId), ct);
            if (context.GetValue(json))
            {
                context.WriteJson(new { records = page.Records.Select(RecordView.Summary), total = page.Total });
                return ExitCodes.Done;
            }

            foreach (var r in page.Records)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id,6}  #{r.Number,-6} {RecordStatusText.Of(r.Status),-12} {r.Requester?.Address ?? "-",-30} {r.Assignee ?? "-",-24} {r.Subject}"));
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{page.Records.Count} of {page.Total} record(s)."));
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var id = IdArgument();
        var json = AccountsCommand.JsonOption();
        var command = new Command("show", "Show a record and its journal") { id, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var recordId = context.GetValue(id);
            var record = await context.Get<RecordStore>().GetAsync(recordId, ct)
                ?? throw new NotFoundException("record", recordId.ToString(CultureInfo.InvariantCulture));
            var journal = await context.Get<JournalStore>().ListForRecordAsync(record.Id, ct);
            if (context.GetValue(json))
            {
                context.WriteJson(RecordView.Detail(record, journal));
                return ExitCodes.Done;
            }

            await RecordView.WriteTextAsync(context.Out, record, journal);
            return ExitCodes.Done;
        });
        return command;
    }
}
