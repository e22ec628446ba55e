using System.CommandLine;
using System.Globalization;
using Mailroom.Core.Records;
using Mailroom.Core.Validation;
using Mailroom.Data.Records;

namespace Mailroom.Commands;

/// <summary><c>mailroom records create|list|show</c>: Incidents and their journals.</summary>
internal static class RecordsCommand
{
    public static Command Create()
    {
        var command = new Command("records", "Records (Incidents) and their journals");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        return command;
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
        var search = new Option<string?>("--search") { Description = "Text in the subject or requester, or a record number" };
        var status = new Option<string[]>("--status") { Description = "new, in-progress, resolved or closed (repeatable)", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int>("--limit") { Description = "At most this many (default and most 1000; --offset pages on)", DefaultValueFactory = _ => 1000 };
        var offset = new Option<int>("--offset") { Description = "Skip this many, newest first" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("list", "List records, newest first") { search, status, limit, offset, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var statuses = (context.GetValue(status) ?? []).Select(RecordView.ParseStatus).ToList();
            var page = await context.Get<RecordStore>().ListAsync(
                new RecordQuery(context.GetValue(search), statuses, Offset: context.GetValue(offset), Limit: Math.Clamp(context.GetValue(limit), 1, 1000)), ct);
            if (context.GetValue(json))
            {
                context.WriteJson(new { records = page.Records.Select(RecordView.Summary), total = page.Total });
                return ExitCodes.Done;
            }

            foreach (var r in page.Records)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id,6}  #{r.Number,-6} {RecordView.StatusText(r.Status),-12} {r.Requester?.Address ?? "-",-30} {r.Subject}"));
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
