using System.Globalization;
using System.Security.Claims;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;
using Mailroom.Data.Records;
using Mailroom.Engine.Sending;
using Mailroom.Shapes;
using Mailroom.Workflow;

namespace Mailroom.Api;

/// <summary>
/// <c>/api/records</c>: the incident list (search, status, paging), one incident with its journal, its attachments,
/// and sending from it through <see cref="RecordMailer"/>, the service <c>mailroom send</c> and the record page use,
/// with the same problems under the same field names. Records are addressed by number, as people quote them.
/// </summary>
internal static class RecordsApi
{
    public const int DefaultLimit = 25;

    public static RouteGroupBuilder MapRecordsApi(this RouteGroupBuilder api)
    {
        var records = api.MapGroup("/records").WithTags("Records");

        records.MapGet("/", (string? search, string? status, string? assignee, string? account, int? offset, int? limit, RecordStore store, Data.Accounts.AccountStore accounts, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var problems = new List<ValidationProblem>();
            if (offset < 0)
            {
                problems.Add(new ValidationProblem("offset", $"must be 0 or more, not {offset}."));
            }

            if (limit is < 1 or > 1000)
            {
                problems.Add(new ValidationProblem("limit", $"must be between 1 and 1000, not {limit}."));
            }

            IReadOnlyList<RecordStatus> statuses = [];
            try
            {
                statuses = RecordListQuery.Statuses(status);
            }
            catch (ValidationException e)
            {
                problems.AddRange(e.Problems);
            }

            if (problems.Count > 0)
            {
                return ApiResults.Invalid(problems);
            }

            long? accountId = null;
            if (!string.IsNullOrWhiteSpace(account))
            {
                accountId = (await accounts.FindAsync(account, ct))?.Id ?? throw new NotFoundException("account", account);
            }

            var query = new RecordQuery(search, statuses, Offset: offset ?? 0, Limit: limit ?? DefaultLimit, Assignee: string.IsNullOrWhiteSpace(assignee) ? null : assignee, AccountId: accountId);
            var page = await store.ListAsync(query, ct);
            return TypedResults.Ok(new { records = page.Records.Select(RecordView.Summary), total = page.Total, offset = query.Offset, limit = query.Limit });
        })).WithSummary("Records, newest first: search in subject, requester, number, mail text and notes; status new, in-progress, resolved, closed or open (comma separated); assignee an address or none; account a name");

        records.MapPost("/{number:long}/status", (long number, StatusInput input, RecordStore store, RecordWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var record = await FindAsync(store, number, ct);
            var status = RecordStatusText.Parse(input.Status);
            return TypedResults.Ok(RecordView.Summary(await workflow.ChangeStatusAsync(record.Id, status, Author(user), ct)));
        })).WithSummary("Change the status (new, in-progress, resolved, closed); the journal records who and when");

        records.MapPost("/{number:long}/assignee", (long number, AssigneeInput input, RecordStore store, RecordWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var record = await FindAsync(store, number, ct);
            return TypedResults.Ok(RecordView.Summary(await workflow.AssignAsync(record.Id, input.Assignee, Author(user), ct)));
        })).WithSummary("Assign the record to a user (their address), or to nobody (null or none)");

        records.MapPost("/{number:long}/notes", (long number, NoteInput input, RecordStore store, RecordWorkflow workflow, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var record = await FindAsync(store, number, ct);
            var entry = await workflow.AddNoteAsync(record.Id, input.Text, Author(user), ct);
            return TypedResults.Created($"/api/records/{number}", new { entryId = entry });
        })).WithSummary("Add an internal note to the journal; it is never mailed");

        records.MapGet("/{number:long}", (long number, RecordStore store, JournalStore journal, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var record = await FindAsync(store, number, ct);
            return TypedResults.Ok(RecordView.Detail(record, await journal.ListForRecordAsync(record.Id, ct)));
        })).WithSummary("One record with its journal: every mail with its new text, attachments and delivery state");

        records.MapGet("/{number:long}/attachments/{attachmentId:long}", (long number, long attachmentId, RecordStore store, JournalStore journal, HttpContext http, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var record = await FindAsync(store, number, ct);
            var stored = await journal.OpenAttachmentAsync(attachmentId, ct);
            if (stored is null || stored.RecordId != record.Id)
            {
                if (stored is not null)
                {
                    await stored.DisposeAsync();
                }

                return ApiResults.NotFound($"Record {number} has no attachment {attachmentId}.");
            }

            http.Response.RegisterForDisposeAsync(stored);
            var download = AttachmentDownload.Result(stored);
            return TypedResults.File(download.FileStream, download.ContentType, download.FileDownloadName);
        })).WithSummary("An attachment's bytes, as a download");

        records.MapGet("/{number:long}/mail/{entryId:long}/raw", (long number, long entryId, RecordStore store, JournalStore journal, HttpContext http, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var record = await FindAsync(store, number, ct);
            var raw = await RawMailDownload.OpenAsync(journal, record.Id, entryId, ct);
            if (raw is null)
            {
                return ApiResults.NotFound($"Record {number} has no mail {entryId} with a raw message.");
            }

            http.Response.RegisterForDisposeAsync(raw);
            return TypedResults.File(raw, RawMailDownload.ContentType, RawMailDownload.FileName(entryId));
        })).WithSummary("A mail's raw message (message/rfc822), exactly as received or sent, as a download");

        records.MapPost("/{number:long}/send", (long number, SendInput input, RecordStore store, RecordMailer mailer, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var record = await FindAsync(store, number, ct);
            var problems = new List<ValidationProblem>();
            var attachments = Attachments(input.Attachments, problems);
            if (problems.Count > 0)
            {
                // Nothing is queued with an attachment left out.
                return ApiResults.Invalid(problems);
            }

            var (queued, refused) = await ReplySender.QueueAsync(mailer, new OutgoingMailRequest
            {
                RecordId = record.Id,
                Account = input.Account ?? "",
                From = input.From,
                To = input.To ?? [],
                Cc = input.Cc ?? [],
                Bcc = input.Bcc ?? [],
                Subject = input.Subject ?? "",
                TextBody = ReplySender.Body(input.Body),
                HtmlBody = ReplySender.Body(input.Html),
                Attachments = attachments,
                InReplyToEntryId = input.InReplyToEntry,
                SenderUser = user.Identity?.Name,
            }, ct);
            if (queued is null)
            {
                return ApiResults.Invalid(refused);
            }

            return TypedResults.Accepted($"/api/records/{number}", new
            {
                outboxId = queued.OutboxId,
                entryId = queued.EntryId,
                messageId = queued.MessageId,
                conversationId = queued.ConversationId,
                deliveryState = "queued",
            });
        })).WithSummary("Queue a message from the record; the outbox sends it. Same checks and messages as `mailroom send` and the record page");

        return api;
    }

    public sealed record StatusInput(string? Status);

    public sealed record AssigneeInput(string? Assignee);

    public sealed record NoteInput(string? Text);

    // A token acts for the administrator who made it; the journal names both.
    private static string Author(ClaimsPrincipal user) => $"{user.Identity?.Name ?? "unknown"} (API token)";

    private static async Task<Record> FindAsync(RecordStore store, long number, CancellationToken ct) =>
        await store.GetByNumberAsync(number, ct) ?? throw new NotFoundException("record", number.ToString(CultureInfo.InvariantCulture));

    private static List<OutgoingAttachment> Attachments(IReadOnlyList<SendAttachmentInput>? inputs, List<ValidationProblem> problems)
    {
        var attachments = new List<OutgoingAttachment>();
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
        {
            var a = inputs![i];
            var label = $"attachment {i + 1}{(string.IsNullOrWhiteSpace(a.FileName) ? "" : $" ('{a.FileName}')")}";
            if (string.IsNullOrWhiteSpace(a.FileName))
            {
                problems.Add(new ValidationProblem("attach", $"{label} needs a fileName."));
                continue;
            }

            try
            {
                attachments.Add(new OutgoingAttachment(a.FileName, string.IsNullOrWhiteSpace(a.ContentType) ? null : a.ContentType, Convert.FromBase64String(a.Content ?? "")));
            }
            catch (FormatException)
            {
                problems.Add(new ValidationProblem("attach", $"{label}: content must be the file's bytes in base64."));
            }
        }

        return attachments;
    }
}
