using System.Text.RegularExpressions;
using Mailroom.Core.Accounts;
using Mailroom.Core.Records;

namespace Mailroom.Pages.Records;

/// <summary>
/// A reply form filled in from the mail being answered: To is its sender (or, answering the desk's own mail, its
/// recipients), Cc its copies without the desk's own addresses, the subject with <c>RE:</c> and without the old
/// Conversation ID (the new message gets its own).
/// </summary>
internal static partial class ReplyDraft
{
    /// <summary>The mail a reply answers by default: the newest received one, else the newest of any.</summary>
    public static JournalEntry? DefaultAnswered(IReadOnlyList<JournalEntry> journal) =>
        journal.LastOrDefault(e => e.Mail?.Direction == MailDirection.Incoming) ?? journal.LastOrDefault(e => e.Mail is not null);

    public static ReplyInput For(Record record, JournalEntry? answered, Account? account, string? userAddress)
    {
        var own = OwnAddresses(account, userAddress);
        if (answered?.Mail is not { } mail)
        {
            return new ReplyInput
            {
                Account = account?.Name,
                To = record.Requester?.Address,
                Subject = Reply(record.Subject),
            };
        }

        var to = mail.Direction == MailDirection.Incoming ? AddressText.Bare(mail.From) : AddressText.Bare(mail.To);
        // Only the copies: the To of a received mail is the desk's own mailbox (perhaps under an alias the account does
        // not list), and copying it would send the desk its own reply.
        var cc = AddressText.Bare(mail.Cc)
            .Where(a => !own.Contains(a) && !to.Contains(a, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return new ReplyInput
        {
            Account = account?.Name,
            To = string.Join(", ", to),
            Cc = string.Join(", ", cc),
            Subject = Reply(mail.Subject ?? record.Subject),
            InReplyTo = answered.Id,
        };
    }

    /// <summary><c>RE: subject</c>, once, with any <c>{CMI: …}</c> token taken out.</summary>
    public static string Reply(string subject)
    {
        var clean = ConversationToken().Replace(subject, "").Trim();
        clean = Spaces().Replace(ReplyPrefixes().Replace(clean, ""), " ");
        return "RE: " + clean;
    }

    private static HashSet<string> OwnAddresses(Account? account, string? userAddress)
    {
        var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (account is not null)
        {
            own.UnionWith(account.From.LegalAddresses);
            if (account.From.DefaultAddress is { } d)
            {
                own.Add(d);
            }

            if (account.Credentials.User is { } u)
            {
                own.Add(u);
            }
        }

        if (userAddress is not null)
        {
            own.Add(userAddress);
        }

        return own;
    }

    [GeneratedRegex(@"\{\s*CMI:[^}]*\}", RegexOptions.IgnoreCase)]
    private static partial Regex ConversationToken();

    /// <summary>Every leading reply prefix, in the languages mail clients commonly use (RE, AW, SV, Antw), stacked or not.</summary>
    [GeneratedRegex(@"^(\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefixes();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
