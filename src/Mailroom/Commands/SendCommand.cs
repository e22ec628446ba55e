using System.CommandLine;
using System.Globalization;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;
using Mailroom.Engine.Sending;

namespace Mailroom.Commands;

/// <summary><c>mailroom send</c>: queue a message from a record; the outbox sends it.</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var record = new Option<long>("--record") { Description = "The record's id", Required = true };
        var account = new Option<string>("--account") { Description = "The account it goes out through", Required = true };
        var to = new Option<string[]>("--to") { Description = "Recipient (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var cc = new Option<string[]>("--cc") { Description = "Copy to (repeatable)", AllowMultipleArgumentsPerToken = true };
        var bcc = new Option<string[]>("--bcc") { Description = "Blind copy to (repeatable)", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--from") { Description = "From address; default: the account's default From" };
        var subject = new Option<string>("--subject") { Description = "One line", Required = true };
        var bodyFile = new Option<string?>("--body-file") { Description = "A file with the text body" };
        var body = new Option<string?>("--body") { Description = "The text body" };
        var htmlFile = new Option<string?>("--html-file") { Description = "A file with an HTML body" };
        var attach = new Option<string[]>("--attach") { Description = "A file to attach (repeatable)" };
        var replyTo = new Option<long?>("--in-reply-to-entry") { Description = "The journal entry (a received message) this answers" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("send", "Queue a message from a record; `outbox run --once` or `serve` sends it")
        {
            record, account, to, cc, bcc, from, subject, bodyFile, body, htmlFile, attach, replyTo, json,
        };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var problems = new List<ValidationProblem>();
            var text = context.GetValue(body);
            if (context.GetValue(bodyFile) is { } textPath)
            {
                if (text is not null)
                {
                    problems.Add(new ValidationProblem("body", "give --body or --body-file, not both."));
                }

                text = await ReadFileAsync("body-file", textPath, problems, ct);
            }

            string? html = null;
            if (context.GetValue(htmlFile) is { } htmlPath)
            {
                html = await ReadFileAsync("html-file", htmlPath, problems, ct);
            }

            IReadOnlyList<OutgoingAttachment> attachments = [];
            try
            {
                attachments = await AttachmentFiles.ReadAsync(context.GetValue(attach) ?? [], ct);
            }
            catch (ValidationException e)
            {
                problems.AddRange(e.Problems);
            }

            if (problems.Count > 0)
            {
                throw new ValidationException(problems);
            }

            var queued = await context.Get<RecordMailer>().QueueAsync(new OutgoingMailRequest
            {
                RecordId = context.GetValue(record),
                Account = context.GetValue(account)!,
                To = context.GetValue(to) ?? [],
                Cc = context.GetValue(cc) ?? [],
                Bcc = context.GetValue(bcc) ?? [],
                From = context.GetValue(from),
                Subject = context.GetValue(subject)!,
                TextBody = text,
                HtmlBody = html,
                Attachments = attachments,
                InReplyToEntryId = context.GetValue(replyTo),
            }, ct);
            if (context.GetValue(json))
            {
                context.WriteJson(new { outboxId = queued.OutboxId, entryId = queued.EntryId, queued.MessageId, queued.ConversationId });
            }
            else
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Queued as outbox message {queued.OutboxId}; Conversation ID {queued.ConversationId ?? "(none)"}; Message-ID <{queued.MessageId}>."));
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static async Task<string?> ReadFileAsync(string field, string path, List<ValidationProblem> problems, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            problems.Add(new ValidationProblem(field, $"the file '{path}' does not exist."));
            return null;
        }

        return await File.ReadAllTextAsync(path, cancellationToken);
    }
}
