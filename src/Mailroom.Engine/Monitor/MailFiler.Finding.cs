using Mailroom.Core.Conversations;
using Mailroom.Core.Monitor;
using Mailroom.Data.Monitor;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Finding the existing record: Conversation ID, reply headers (In-Reply-To and References, then Outlook's
/// Thread-Index), subject, record number, in that order.
/// </summary>
internal sealed partial class MailFiler
{
    /// <summary>How many of a customer's open records a subject is compared with (newest first).</summary>
    private const int SubjectCandidates = 200;

    private async Task<FoundRecord> FindRecordAsync(Filing filing, RecordFinding finding, CancellationToken cancellationToken)
    {
        var (record, foundBy) = await FindAsync(filing, finding, cancellationToken);
        if (record is not null)
        {
            Log.RecordFound(_logger, filing.Request.Account.Id, filing.Request.Received.Id, record.Number, FoundRecord.Describe(foundBy));
        }

        var customerFound = filing.StandIn is not null || (filing.Sender is { } sender
            && await _lookups.FindCustomerAsync(filing.Work, sender, cancellationToken) is not null);
        var stranger = false;
        if (record is not null && filing.Sender is { } from && foundBy is FoundBy.ConversationId or FoundBy.RecordNumber)
        {
            // Reply headers prove the sender had the message (a Thread-Index too: its root holds a random GUID no one
            // guesses); a subject match is limited to the requester's records.
            stranger = !await _lookups.TakesPartAsync(filing.Work, record.Id, from, cancellationToken);
        }

        return new FoundRecord(new RecordContext(record?.Id, record?.Status.ToString(), customerFound), record, foundBy, stranger);
    }

    private async Task<(FiledRecord? Record, FoundBy? By)> FindAsync(Filing filing, RecordFinding finding, CancellationToken cancellationToken)
    {
        var facts = filing.Facts;
        var work = filing.Work;
        if (finding.ByConversationId && filing.Prefix is not null)
        {
            foreach (var id in ConversationIds(filing))
            {
                if (await _journal.FindByConversationIdAsync(work, id, cancellationToken) is { RecordId: { } recordId }
                    && await _lookups.GetRecordAsync(work, recordId, cancellationToken) is { } record)
                {
                    return (record, FoundBy.ConversationId);
                }
            }
        }

        if (finding.ByReplyHeaders)
        {
            var replyTo = new List<string>();
            if (facts.InReplyTo is { } inReplyTo)
            {
                replyTo.Add(inReplyTo);
            }

            // The newest references first: they are the likeliest to be on a record; a hostile header is cut short.
            replyTo.AddRange(facts.References.Reverse().Take(100));
            if (replyTo.Count > 0
                && await _journal.FindByMessageIdsAsync(work, replyTo, cancellationToken) is { RecordId: { } recordId }
                && await _lookups.GetRecordAsync(work, recordId, cancellationToken) is { } record)
            {
                return (record, FoundBy.ReplyHeaders);
            }

            // Outlook's Thread-Index, a hint for clients that dropped the headers above: its root names a conversation,
            // so it finds a record only when exactly one record holds mail of that conversation. Several (a thread
            // split by an agent, a customer reusing an old conversation) say nothing: the subject step decides.
            // Outlook keeps the Thread-Index when a user forwards a mail, so a forward of an old mail would look like a
            // reply to it: a forward is not held to the hint (In-Reply-To and a quoted Conversation ID still count).
            if (!SubjectNormalizer.IsForward(facts.Subject)
                && ThreadIndex.RootKeyOf(facts.ThreadIndex) is { } root
                && await _lookups.ListRecordsByThreadRootAsync(work, root, 2, cancellationToken) is [var only]
                && await _lookups.GetRecordAsync(work, only, cancellationToken) is { } threaded)
            {
                return (threaded, FoundBy.ThreadIndex);
            }
        }

        if (finding.BySubject && filing.Sender is { } sender)
        {
            var normalizer = new SubjectNormalizer(finding.SubjectMinimumLength);
            if (normalizer.IsMatchable(facts.Subject))
            {
                var open = await _lookups.ListOpenRecordsOfAsync(work, sender, SubjectCandidates, cancellationToken);
                if (open.FirstOrDefault(r => normalizer.SameConversation(facts.Subject, r.Subject)) is { } record)
                {
                    return (record, FoundBy.Subject);
                }

                // The default customer's records are many strangers' records: only one this sender wrote or was written on.
                if (filing.StandIn is { } standIn)
                {
                    foreach (var candidate in (await _lookups.ListOpenRecordsOfAsync(work, standIn.Address, SubjectCandidates, cancellationToken))
                        .Where(r => normalizer.SameConversation(facts.Subject, r.Subject)))
                    {
                        if (await _lookups.TakesPartAsync(work, candidate.Id, sender, cancellationToken))
                        {
                            return (candidate, FoundBy.Subject);
                        }
                    }
                }
            }
        }

        if (finding.ByRecordNumber
            && (finding.RecordNumberMode != RecordNumberMode.AfterTerm || !string.IsNullOrWhiteSpace(finding.RecordNumberTerm))
            && new RecordNumberFinder(finding.RecordNumberMode, finding.RecordNumberTerm).Find(facts.Subject) is { } number
            && await _lookups.GetRecordByNumberAsync(work, number, cancellationToken) is { } byNumber)
        {
            return (byNumber, FoundBy.RecordNumber);
        }

        return (null, null);
    }

    /// <summary>Every Conversation ID in the subject and body (and the HTML, which may hold one the text lost), newest first.</summary>
    private static IEnumerable<ConversationId> ConversationIds(Filing filing)
    {
        var finder = new ConversationIdFinder(filing.Prefix!);
        var facts = filing.Facts;
        return finder.FindAll(facts.Subject).Concat(finder.FindAll(facts.Body)).Concat(finder.FindAll(facts.HtmlBody))
            .Distinct().OrderByDescending(id => id.Number).Take(20);
    }

    /// <summary>How the record was found.</summary>
    private enum FoundBy
    {
        ConversationId,
        ReplyHeaders,
        ThreadIndex,
        Subject,
        RecordNumber,
    }

    /// <summary>What one item's finding steps found, and whether the sender takes part in that record.</summary>
    private sealed record FoundRecord(RecordContext Context, FiledRecord? Record, FoundBy? By, bool Stranger)
    {
        public string How => Describe(By);

        public static string Describe(FoundBy? by) => by switch
        {
            FoundBy.ConversationId => "Conversation ID",
            FoundBy.ReplyHeaders => "reply headers",
            FoundBy.ThreadIndex => "Thread-Index",
            FoundBy.Subject => "subject",
            FoundBy.RecordNumber => "record number",
            _ => "nothing",
        };
    }
}
