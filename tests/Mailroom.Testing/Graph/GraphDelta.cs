using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>
/// Delta query on one folder's messages (message-delta.md, delta-query-messages.md, delta-query-overview.md). A first
/// request returns every message in the folder; each page ends with an <c>@odata.nextLink</c> (a
/// <c>$skiptoken</c>) or, on the last, an <c>@odata.deltaLink</c> (a <c>$deltatoken</c>); a later round from that
/// link returns only what changed since: new and changed messages, and messages deleted or moved away as
/// <c>{"id", "@removed": {"reason": "deleted"}}</c> under the id the client knew. <c>$select</c>, <c>$top</c> and
/// <c>changeType</c> of the first request are kept in the tokens; <c>Prefer: odata.maxpagesize</c> sets the page and
/// is answered with <c>Preference-Applied</c>. A forgotten token is answered 410 <c>syncStateNotFound</c>; a reset,
/// 410 <c>resyncRequired</c> with a <c>Location</c> to start again.
/// </summary>
internal static class GraphDelta
{
    private static readonly string[] ChangeTypes = ["created", "updated", "deleted"];

    public static GraphAnswer Handle(GraphContext context)
    {
        var (folder, error) = GraphFolders.Resolve(context);
        if (folder is null)
        {
            return error!;
        }

        var mailbox = context.Mailbox;
        var skipToken = context.Query("$skiptoken");
        var deltaToken = context.Query("$deltatoken");
        GraphDeltaRound round;
        int offset;
        lock (mailbox.Gate)
        {
            if (!string.IsNullOrEmpty(skipToken))
            {
                if (mailbox.ResyncTokens.Contains(skipToken) && mailbox.SkipTokens.TryGetValue(skipToken, out var reset))
                {
                    return Resync(context, folder, reset.Round.Select, reset.Round.ChangeType, reset.Round.Top);
                }

                if (!mailbox.SkipTokens.TryGetValue(skipToken, out var skip) || skip.Round.FolderId != folder.Id)
                {
                    return SyncStateNotFound();
                }

                (round, offset) = (skip.Round, skip.Offset);
            }
            else if (!string.IsNullOrEmpty(deltaToken))
            {
                if (mailbox.ResyncTokens.Contains(deltaToken) && mailbox.DeltaTokens.TryGetValue(deltaToken, out var reset))
                {
                    return Resync(context, folder, reset.Select, reset.ChangeType, reset.Top);
                }

                if (!mailbox.DeltaTokens.TryGetValue(deltaToken, out var known) || known.FolderId != folder.Id)
                {
                    return SyncStateNotFound();
                }

                round = NewRound(mailbox, folder, known.Select, known.ChangeType, known.Top, known.Baseline);
                if (mailbox.TakeReplay())
                {
                    // delta-query-overview.md (replays): the same change may come again in a later round.
                    round = round with { Entries = [.. known.LastEntries, .. round.Entries] };
                }

                offset = 0;
            }
            else
            {
                var (select, selectError) = GraphJson.ReadSelect(context.Query("$select"));
                if (selectError is not null)
                {
                    return selectError;
                }

                var changeType = context.Query("changeType");
                if (changeType is not null && !ChangeTypes.Contains(changeType, StringComparer.OrdinalIgnoreCase))
                {
                    return GraphError.BadRequest($"The value '{changeType}' of the query option 'changeType' is not valid: created, updated or deleted.");
                }

                if (!GraphFolders.TryReadCount(context.Query("$top"), "$top", out var top, out var topError))
                {
                    return topError!;
                }

                if (context.Query("$search") is not null)
                {
                    return GraphError.BadRequest("The query option '$search' is not supported with delta.");
                }

                if (context.Query("$filter") is not null || context.Query("$orderby") is not null)
                {
                    // delta-query-messages.md allows receivedDateTime ge/gt and receivedDateTime desc; this server does not
                    // implement them, and says so rather than ignoring them.
                    return GraphError.Create(501, "NotImplemented", "This test server does not implement $filter or $orderby on delta.");
                }

                round = NewRound(mailbox, folder, select, changeType?.ToLowerInvariant(), top, baseline: null);
                offset = 0;
            }
        }

        var prefer = context.Call.Prefer;
        var size = prefer.MaxPageSize ?? round.Top ?? context.Server.Options.DefaultPageSize;
        size = Math.Max(1, size);
        var page = round.Entries.Skip(offset).Take(size).ToList();
        var json = new JsonObject { ["@odata.context"] = context.LinkBase + "$metadata#Collection(message)" };
        var link = $"{context.LinkBase}{context.MailboxPath}/mailFolders('{Uri.EscapeDataString(folder.Id)}')/messages/delta?";
        var token = GraphIds.Token();
        lock (mailbox.Gate)
        {
            if (offset + page.Count < round.Entries.Count)
            {
                mailbox.SkipTokens[token] = new GraphDeltaSkip(round, offset + page.Count);
                json["@odata.nextLink"] = link + "$skiptoken=" + token;
            }
            else
            {
                mailbox.DeltaTokens[token] = new GraphDeltaLink(round.FolderId, round.Select, round.ChangeType, round.Top, round.Baseline, round.Entries);
                json["@odata.deltaLink"] = link + "$deltatoken=" + token;
            }
        }

        json["value"] = new JsonArray([.. page.Select(entry => (JsonNode)Entry(entry, context.ImmutableIds, round.Select))]);
        var answer = GraphAnswer.Ok(json);
        if (prefer.MaxPageSize is { } applied)
        {
            answer.With("Preference-Applied", "odata.maxpagesize=" + applied.ToString(CultureInfo.InvariantCulture));
        }

        return answer;
    }

    private static GraphDeltaRound NewRound(
        GraphTestMailbox mailbox,
        GraphTestFolder folder,
        IReadOnlyList<string>? select,
        string? changeType,
        int? top,
        IReadOnlyDictionary<long, GraphDeltaKnown>? baseline)
    {
        var current = mailbox.MessagesIn(folder.Id);
        var entries = new List<GraphDeltaEntry>();
        foreach (var message in current)
        {
            if (baseline is null || !baseline.TryGetValue(message.Key, out var known))
            {
                if (baseline is null || changeType is null or "created")
                {
                    entries.Add(new GraphDeltaEntry(message, null));
                }
            }
            else if (known.Version != message.Version && changeType is null or "updated")
            {
                entries.Add(new GraphDeltaEntry(message, null));
            }
        }

        if (baseline is not null && changeType is null or "deleted")
        {
            var present = current.Select(m => m.Key).ToHashSet();
            entries.AddRange(baseline.Where(b => !present.Contains(b.Key)).OrderBy(b => b.Key).Select(b => new GraphDeltaEntry(null, b.Value)));
        }

        var state = current.ToDictionary(m => m.Key, m => new GraphDeltaKnown(m.Version, m.RestId, m.ImmutableId));
        return new GraphDeltaRound(folder.Id, select, changeType, top, entries, state);
    }

    private static JsonObject Entry(GraphDeltaEntry entry, bool immutableIds, IReadOnlyList<string>? select)
    {
        if (entry.Message is { } message)
        {
            return GraphJson.Message(message, immutableIds, select, withType: true);
        }

        var removed = entry.Removed!;
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.message",
            ["id"] = immutableIds ? removed.ImmutableId : removed.RestId,
            ["@removed"] = new JsonObject { ["reason"] = "deleted" },
        };
    }

    private static GraphAnswer SyncStateNotFound() =>
        GraphError.Create(410, "syncStateNotFound", "The sync state generation is not found. The delta token is expired and data must be synchronized again.");

    private static GraphAnswer Resync(GraphContext context, GraphTestFolder folder, IReadOnlyList<string>? select, string? changeType, int? top)
    {
        var query = new StringBuilder();
        if (select is not null)
        {
            query.Append("$select=").Append(Uri.EscapeDataString(string.Join(',', select))).Append('&');
        }

        if (changeType is not null)
        {
            query.Append("changeType=").Append(changeType).Append('&');
        }

        if (top is not null)
        {
            query.Append("$top=").Append(top.Value.ToString(CultureInfo.InvariantCulture)).Append('&');
        }

        query.Append("$deltatoken=");
        var location = $"{context.LinkBase}{context.MailboxPath}/mailFolders('{Uri.EscapeDataString(folder.Id)}')/messages/delta?{query}";
        return GraphError.Create(410, "resyncRequired", "The delta token is no longer valid, and the app must reset the sync state.")
            .With("Location", location);
    }
}
