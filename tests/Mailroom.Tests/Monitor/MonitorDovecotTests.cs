using Mailroom.Core.Records;
using Mailroom.Data;
using Mailroom.Data.Records;
using Mailroom.Testing;
using MailKit;

namespace Mailroom.Tests.Monitor;

/// <summary>The monitor end to end: mail delivered by Postfix to Dovecot, filed by the real command.</summary>
public sealed class MonitorDovecotTests
{
    [Fact]
    public async Task New_mail_opens_a_record_replies_land_on_it_and_the_server_moves_what_was_filed()
    {
        var desk = await MailServer.CreateUserAsync("desk");
        var customer = $"customer-{Guid.NewGuid().ToString("N")[..6]}@{MailServer.DefaultDomain}";
        using (var imap = await MailServer.ConnectImapAsync(desk))
        {
            await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync("Processed", true);
        }

        var data = Path.Combine(Path.GetTempPath(), "mailroom-dovecot-" + Guid.NewGuid().ToString("N")[..10]);
        var env = new Dictionary<string, string> { ["MONITOR_TEST_PASSWORD"] = desk.Password };
        try
        {
            Assert.Equal(0, (await MailroomProcess.RunAsync(data, env, "accounts", "add", "imap", "--name", "Desk", "--incoming-server", MailServer.Host,
                "--incoming-security", "ssl", "--smtp-server", MailServer.Host, "--smtp-port", "587", "--smtp-security", "starttls",
                "--allow-invalid-certificate", "--user", desk.Address, "--password-env", "MONITOR_TEST_PASSWORD")).ExitCode);
            Assert.Equal(0, (await MailroomProcess.RunAsync(data, env, "settings", "set", "conversation-prefix", "ABCD")).ExitCode);
            Assert.Equal(0, (await MailroomProcess.RunAsync(data, env, "monitor", "set", "Desk", "--post-action", "move:Processed")).ExitCode);

            // A new request opens a record, with the new text of the mail as its description.
            var request = FilingHarness.Mail(customer, desk.Address, "Printer on fire on floor 3", "The printer is on fire.\n\n-- \nAlice");
            await MailServer.DeliverAsync(desk.Address, request);
            await MailServer.WaitForMessagesAsync(desk, 1);
            var first = await RunOnceAsync(data, env);
            Assert.Contains("new records 1", first);

            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default);
            var records = new RecordStore(database, TimeProvider.System);
            var record = Assert.Single((await records.ListAsync(new RecordQuery(Search: "Printer on fire"), default)).Records);
            Assert.Equal(customer, record.Requester?.Address);
            Assert.Contains("The printer is on fire.", record.Description);

            // A reply that only carries reply headers (subject changed entirely) lands on the same record.
            var reply = FilingHarness.Mail(customer, desk.Address, "something else entirely", "Still burning.");
            reply.InReplyTo = request.MessageId;
            reply.References.Add(request.MessageId!);
            await MailServer.DeliverAsync(desk.Address, reply);

            // Mail the desk sent from the record carried a Conversation ID; a reply with it in the subject, mangled
            // by the client, lands there too, without any reply header.
            await new JournalStore(database, TimeProvider.System).AddMailAsync(new NewMailEntry(record.Id, null,
                new MailHistory { Direction = MailDirection.Outgoing, From = desk.Address, To = customer, Subject = "About your printer {CMI: ABCD41}", ConversationId = "{CMI: ABCD41}", MessageId = "sent-41@desk.test" },
                [], Array.Empty<byte>()), default);
            await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail(customer, desk.Address, "RE: About your printer {cmi:  abcd41}", "Thanks!"));
            await MailServer.WaitForMessagesAsync(desk, 2);

            var second = await RunOnceAsync(data, env);
            Assert.Contains("filed on existing records 2, new records 0", second);
            Assert.Single((await records.ListAsync(new RecordQuery(Search: "Printer on fire"), default)).Records);
            var history = await new JournalStore(database, TimeProvider.System).ListForRecordAsync(record.Id, default);
            Assert.Equal(3, history.Count(e => e.Mail?.Direction == MailDirection.Incoming));

            using var check = await MailServer.ConnectImapAsync(desk);
            await check.Inbox.OpenAsync(FolderAccess.ReadOnly);
            Assert.Equal(0, check.Inbox.Count); // every filed message was moved away...
            var processed = await check.GetFolderAsync("Processed");
            await processed.OpenAsync(FolderAccess.ReadOnly);
            Assert.Equal(3, processed.Count); // ...into the folder the monitor names
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<string> RunOnceAsync(string data, Dictionary<string, string> env)
    {
        var run = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Desk");
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Output;
    }
}
