using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Data.Accounts;
using Mailroom.Data.Records;
using Microsoft.Extensions.DependencyInjection;
using Record = Mailroom.Core.Records.Record;

namespace Mailroom.Tests.Web;

/// <summary>Records, mail and accounts written through the server's own stores, each with unique names.</summary>
internal static class RecordSeed
{
    public static Task<Record> RecordAsync(MailroomServer server, string subject, string? requester = null, RecordStatus status = RecordStatus.New) =>
        server.Services.GetRequiredService<RecordStore>().CreateAsync(new NewRecord(subject, requester, Status: status), CancellationToken.None);

    /// <summary>A received mail on <paramref name="record"/>'s journal; returns the entry id.</summary>
    public static Task<long> IncomingAsync(
        MailroomServer server, Record record, string from, string subject, string? text, string? html = null, IReadOnlyList<NewAttachment>? attachments = null, string? cc = null) =>
        server.Services.GetRequiredService<JournalStore>().AddMailAsync(
            new NewMailEntry(record.Id, null, new MailHistory
            {
                Direction = MailDirection.Incoming,
                From = from,
                To = "desk@web.test",
                Cc = cc,
                Subject = subject,
                Date = DateTimeOffset.UtcNow,
                MessageId = Guid.NewGuid().ToString("N") + "@customer.test",
                TextBody = text,
                HtmlBody = html,
            }, attachments ?? [], "raw"u8.ToArray()),
            CancellationToken.None);

    /// <summary>An IMAP account agents may send through, From only <paramref name="from"/>; no server is contacted.</summary>
    public static Task<Account> AccountAsync(MailroomServer server, string from, bool availableToUsers = true) =>
        server.Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = "Desk-" + Guid.NewGuid().ToString("N")[..8],
            Type = AccountType.Imap,
            AvailableToUsers = availableToUsers,
            Incoming = new IncomingServer("imap.example.test", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("smtp.example.test", 587, SecurityMode.StartTls),
            Credentials = new Credentials(from, new Secret("Seed-secret-1")),
            ConversationId = ConversationIdPlacement.Subject,
            From = new FromSettings(false, false, [from], from),
        }, "test", CancellationToken.None);
}
