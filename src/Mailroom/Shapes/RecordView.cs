using System.Globalization;
using Mailroom.Core.Records;

namespace Mailroom.Shapes;

/// <summary>How records and journals look in the command's JSON and the API's: one shape for both, and the text.</summary>
internal static class RecordView
{
    public static object Summary(Record r) => new
    {
        r.Id,
        r.Number,
        r.Type,
        r.Subject,
        Status = RecordStatusText.Of(r.Status),
        Priority = r.Priority.ToString().ToLowerInvariant(),
        Requester = r.Requester?.Address,
        RequesterName = r.Requester?.Name,
        r.Assignee,
        FollowsUp = r.FollowsUpRecordId,
        r.CreatedAt,
        r.UpdatedAt,
    };

    public static object Detail(Record r, IReadOnlyList<JournalEntry> journal) => new
    {
        r.Id,
        r.Number,
        r.Type,
        r.Subject,
        r.Description,
        Status = RecordStatusText.Of(r.Status),
        Priority = r.Priority.ToString().ToLowerInvariant(),
        Requester = r.Requester?.Address,
        RequesterName = r.Requester?.Name,
        r.Assignee,
        FollowsUp = r.FollowsUpRecordId,
        r.CreatedAt,
        r.UpdatedAt,
        Journal = journal.Select(Entry),
    };

    public static object Entry(JournalEntry e) => new
    {
        e.Id,
        Kind = e.Kind.ToString().ToLowerInvariant(),
        e.CreatedAt,
        e.Author,
        e.NeedsAttention,
        e.AttentionReason,
        Direction = e.Mail is null ? null : e.Mail.Direction == MailDirection.Incoming ? "in" : "out",
        e.Mail?.From,
        e.Mail?.To,
        e.Mail?.Cc,
        e.Mail?.Bcc,
        e.Mail?.Subject,
        e.Mail?.Date,
        e.Mail?.MessageId,
        e.Mail?.InReplyTo,
        References = e.Mail?.References,
        e.Mail?.ConversationId,
        Text = e.Text ?? e.Mail?.TextBody,
        Html = e.Mail?.HtmlBody,
        Attachments = e.Mail?.Attachments.Select(a => new { a.Id, Name = a.FileName, a.ContentType, a.Size, a.ContentId, a.IsInline }),
        DeliveryState = e.Mail?.DeliveryState?.ToString().ToLowerInvariant(),
        e.Mail?.DeliveryDetail,
    };

    public static async Task WriteTextAsync(TextWriter output, Record r, IReadOnlyList<JournalEntry> journal)
    {
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"Incident {r.Number} (id {r.Id}): {r.Subject}"));
        await output.WriteLineAsync(string.Create(c, $"  status {RecordStatusText.Of(r.Status)}, priority {r.Priority.ToString().ToLowerInvariant()}, requester {r.Requester?.Display ?? "-"}, assigned to {r.Assignee ?? "nobody"}"));
        if (r.FollowsUpRecordId is { } earlier)
        {
            await output.WriteLineAsync(string.Create(c, $"  follows up the closed record {earlier}"));
        }

        await output.WriteLineAsync(string.Create(c, $"  created {r.CreatedAt:u}, updated {r.UpdatedAt:u}"));
        if (!string.IsNullOrWhiteSpace(r.Description))
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(r.Description.TrimEnd());
        }

        foreach (var e in journal)
        {
            await output.WriteLineAsync();
            var flag = e.NeedsAttention ? $"  [attention: {e.AttentionReason}]" : "";
            if (e.Mail is not { } m)
            {
                var kind = e.Kind == JournalEntryKind.Change ? "change" : "internal note";
                await output.WriteLineAsync(string.Create(c, $"[{e.Id}] {kind} {e.CreatedAt:u}{(e.Author is { } by ? " by " + by : "")}{flag}"));
                await output.WriteLineAsync(e.Text ?? "");
                continue;
            }

            var direction = m.Direction == MailDirection.Incoming ? "received" : "sent";
            var state = m.DeliveryState is { } s ? $" ({s.ToString().ToLowerInvariant()}{(m.DeliveryDetail is { } d ? ": " + d : "")})" : "";
            await output.WriteLineAsync(string.Create(c, $"[{e.Id}] mail {direction} {m.Date:u}{state}{flag}"));
            await output.WriteLineAsync($"  From: {m.From}");
            await output.WriteLineAsync($"  To: {m.To}");
            if (m.Cc is not null)
            {
                await output.WriteLineAsync($"  Cc: {m.Cc}");
            }

            await output.WriteLineAsync($"  Subject: {m.Subject}");
            await output.WriteLineAsync($"  Message-ID: <{m.MessageId}>");
            foreach (var a in m.Attachments)
            {
                await output.WriteLineAsync(string.Create(c, $"  Attachment: {a.FileName} ({a.ContentType}, {a.Size} bytes{(a.IsInline ? ", inline" : "")})"));
            }

            await output.WriteLineAsync((e.Text ?? m.TextBody ?? "").TrimEnd());
        }
    }
}
