using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Filing against the real Dovecot and Postfix: mail sent from records comes back as replies and lands on its record
/// by each way of finding it; new mail opens records; the built-in checks keep bounces and auto-replies from opening any.
/// </summary>
public sealed class FilingTests
{
    [Theory]
    [InlineData(ConversationIdPlacement.Subject)]
    [InlineData(ConversationIdPlacement.Body)]
    public async Task A_reply_carrying_only_the_conversation_id_lands_on_its_record(ConversationIdPlacement placement)
    {
        await using var h = await FilingHarness.CreateAsync();
        var record = await h.Records.CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);
        var sent = await h.SendFromRecordAsync(record.Id, "About your printer", placement);

        // The client drops every reply header, rewrites the subject and quotes the sent text (with the ID in the body).
        var reply = h.FromCustomer(
            placement == ConversationIdPlacement.Subject ? "AW: " + sent.Subject!.ToUpperInvariant() : "Thanks",
            "It works again.\n\n> " + string.Join("\n> ", sent.TextBody!.Split('\n')));
        await h.DeliverToDeskAsync(reply);

        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 0), (counts.FiledExisting, counts.NewRecords));
        var filed = Assert.Single(await h.IncomingOnAsync(record.Id));
        Assert.Equal("It works again.", filed.Text);
        Assert.Single(await h.RecordsOfAsync(h.Customer.Address));
    }

    [Fact]
    public async Task A_reply_with_only_reply_headers_lands_on_its_record()
    {
        await using var h = await FilingHarness.CreateAsync();
        var record = await h.Records.CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);
        var sent = await h.SendFromRecordAsync(record.Id, "About your printer", ConversationIdPlacement.Off);
        Assert.DoesNotContain("{CMI", sent.Subject + sent.TextBody, StringComparison.OrdinalIgnoreCase);

        var reply = h.FromCustomer("something else entirely", "Still burning.");
        reply.InReplyTo = sent.MessageId;
        reply.References.Add(sent.MessageId!);
        await h.DeliverToDeskAsync(reply);

        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 0), (counts.FiledExisting, counts.NewRecords));
        Assert.Equal("Still burning.", Assert.Single(await h.IncomingOnAsync(record.Id)).Text);
    }

    [Fact]
    public async Task A_reply_found_by_subject_alone_lands_on_the_open_record_of_the_same_customer_and_short_subjects_do_not_match()
    {
        await using var h = await FilingHarness.CreateAsync();
        await h.DeliverToDeskAsync(h.FromCustomer("Printer on fire on floor 3", "The printer is on fire."));
        Assert.Equal(1, (await h.RunOnceAsync()).NewRecords);
        var record = Assert.Single(await h.RecordsOfAsync(h.Customer.Address));

        // No reply headers, no Conversation ID: only the subject, behind prefixes of two languages and a list tag.
        var stranger = await MailServer.CreateUserAsync("other");
        await h.DeliverToDeskAsync(
            h.FromCustomer("AW: RE: [desk] Printer on fire on floor 3", "Now it smokes."),
            FilingHarness.Mail(stranger.Address, h.Desk.Address, "Re: Printer on fire on floor 3", "Mine too!"),
            h.FromCustomer("Re: Help", "short subject"),
            h.FromCustomer("Re: Help", "short subject again"));

        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 3), (counts.FiledExisting, counts.NewRecords));
        Assert.Equal(["The printer is on fire.", "Now it smokes."], (await h.IncomingOnAsync(record.Id)).Select(e => e.Text));
        Assert.Single(await h.RecordsOfAsync(stranger.Address)); // another customer's mail never matches by subject
        Assert.Equal(3, (await h.RecordsOfAsync(h.Customer.Address)).Count); // each "Re: Help" opened its own
    }

    [Fact]
    public async Task A_record_number_in_the_subject_finds_the_record_when_the_item_looks_for_it_and_a_stranger_is_flagged()
    {
        await using var h = await FilingHarness.CreateAsync();
        var monitor = await h.MonitorAsync();
        monitor.DefaultItem = """{"finding":{"record-number":true,"record-number-mode":"after-term","record-number-term":"Incident"}}""";
        await h.Monitors.SaveAsync(monitor, CancellationToken.None);
        var record = await h.Records.CreateAsync(new NewRecord("Broken chair", h.Customer.Address), CancellationToken.None);
        var stranger = await MailServer.CreateUserAsync("other");

        await h.DeliverToDeskAsync(
            h.FromCustomer($"Question about Incident #{record.Number}", "When will it be fixed?"),
            FilingHarness.Mail(stranger.Address, h.Desk.Address, $"Incident {record.Number}", "I have the same problem."));
        var counts = await h.RunOnceAsync();

        Assert.Equal((2, 0), (counts.FiledExisting, counts.NewRecords));
        var filed = await h.IncomingOnAsync(record.Id);
        Assert.Equal(2, filed.Count);
        Assert.False(filed[0].NeedsAttention);
        Assert.True(filed[1].NeedsAttention);
        Assert.Contains("takes no part", filed[1].AttentionReason);
        Assert.Contains(await h.LedgerAsync(), m => m.Flagged && m.RecordId == record.Id);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_reply_filed_in_the_same_batch_as_the_request_it_answers_lands_on_the_record_that_request_opened(string kind)
    {
        await using var h = await FilingHarness.CreateAsync(kind);
        var request = h.FromCustomer("VPN drops every hour", "The VPN drops.");
        var reply = h.FromCustomer("different words", "And again just now.");
        reply.InReplyTo = request.MessageId;
        reply.References.Add(request.MessageId!);
        await h.DeliverToDeskAsync(request, reply);

        var counts = await h.RunOnceAsync();

        // Both are filed in one transaction: the reply must see the record its request opened a moment before.
        Assert.Equal((1, 1), (counts.NewRecords, counts.FiledExisting));
        var record = Assert.Single(await h.RecordsOfAsync(h.Customer.Address));
        Assert.Equal(["The VPN drops.", "And again just now."], (await h.IncomingOnAsync(record.Id)).Select(e => e.Text));
    }

    [Fact]
    public async Task A_conversation_id_reply_in_the_same_batch_as_other_mail_lands_on_its_record_on_postgres()
    {
        await using var h = await FilingHarness.CreateAsync("postgres");
        var record = await h.Records.CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);
        var sent = await h.SendFromRecordAsync(record.Id, "About your printer");
        await h.DeliverToDeskAsync(h.FromCustomer("A new problem entirely", "Keyboard broken."), h.FromCustomer("RE: " + sent.Subject, "Thanks!"));

        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 1), (counts.NewRecords, counts.FiledExisting));
        Assert.Equal("Thanks!", Assert.Single(await h.IncomingOnAsync(record.Id)).Text);
    }

    [Fact]
    public async Task A_bounce_of_sent_mail_marks_it_failed_goes_on_its_record_and_opens_nothing()
    {
        await using var h = await FilingHarness.CreateAsync();
        var record = await h.Records.CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);
        var sent = await h.SendFromRecordAsync(record.Id, "About your printer", ConversationIdPlacement.Off);

        await h.DeliverToDeskAsync(Bounce(h.Desk.Address, sent), Bounce(h.Desk.Address, FilingHarness.Mail(h.Desk.Address, "x@elsewhere.test", "never sent by us", "?")));
        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 0, 1), (counts.FiledExisting, counts.NewRecords, counts.Skipped));
        var journal = await h.Journal.ListForRecordAsync(record.Id, CancellationToken.None);
        var outgoing = Assert.Single(journal, e => e.Mail?.Direction == MailDirection.Outgoing);
        Assert.Equal(DeliveryState.Failed, outgoing.Mail!.DeliveryState);
        Assert.Contains("550", outgoing.Mail.DeliveryDetail);
        Assert.True(outgoing.NeedsAttention);
        Assert.Single(journal, e => e.Mail?.Direction == MailDirection.Incoming);
        Assert.Single(await h.RecordsOfAsync(h.Customer.Address));
        Assert.Contains(await h.LedgerAsync(), m => m.Outcome == MessageOutcome.Skipped && m.Reason!.Contains("no message Mailroom sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_auto_reply_opens_no_record_but_goes_on_the_record_it_answers()
    {
        await using var h = await FilingHarness.CreateAsync();
        var record = await h.Records.CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);
        var sent = await h.SendFromRecordAsync(record.Id, "About your printer", ConversationIdPlacement.Off);

        var vacation = h.FromCustomer("Out of office: About your printer", "I am away until Monday.");
        vacation.Headers.Add("Auto-Submitted", "auto-replied");
        vacation.InReplyTo = sent.MessageId;
        var unrelated = h.FromCustomer("Automatic reply: welcome", "Thanks for your mail.");
        unrelated.Headers.Add("X-Autoreply", "yes");
        await h.DeliverToDeskAsync(vacation, unrelated);

        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 0, 1), (counts.FiledExisting, counts.NewRecords, counts.Skipped));
        Assert.Single(await h.IncomingOnAsync(record.Id));
        Assert.Single(await h.RecordsOfAsync(h.Customer.Address));
    }

    [Fact]
    public async Task Skipped_mail_opens_nothing_and_is_still_post_processed_on_the_server()
    {
        await using var h = await FilingHarness.CreateAsync(postAction: "delete");
        var monitor = await h.MonitorAsync();
        await h.Monitors.AddSkipRuleAsync(monitor.Id, """{"phrase":"newsletter","part":"subject","match":"begins-with"}""", CancellationToken.None);
        await h.Monitors.AddSkipRuleAsync(monitor.Id, """{"phrase":"unsubscribe here","part":"body","match":"ends-with"}""", CancellationToken.None);

        await h.DeliverToDeskAsync(
            h.FromCustomer("Newsletter for November", "News."),
            h.FromCustomer("Great offers", "Buy now.\nUnsubscribe here"),
            h.FromCustomer("Our newsletter is broken", "It does not arrive."));
        var counts = await h.RunOnceAsync();

        Assert.Equal((2, 1), (counts.Skipped, counts.NewRecords));
        Assert.Equal("Our newsletter is broken", Assert.Single(await h.RecordsOfAsync(h.Customer.Address)).Subject);
        Assert.Empty(await MailServer.ReadMailboxAsync(h.Desk)); // all three deleted, the skipped ones too
    }

    [Fact]
    public async Task The_first_item_whose_conditions_hold_runs_its_actions_and_a_failing_action_sets_the_mail_aside()
    {
        await using var h = await FilingHarness.CreateAsync();
        var monitor = await h.MonitorAsync();
        await h.Monitors.AddItemAsync(monitor.Id, "Reopen resolved", """
            {"record":"found","record-status":"resolved",
             "actions":[{"type":"update-record","status":"in-progress"},{"type":"attach"}]}
            """, null, CancellationToken.None);
        await h.Monitors.AddItemAsync(monitor.Id, "Urgent", """
            {"conditions":[{"field":"subject","operator":"regex","value":"\\b(urgent|asap)\\b"}],
             "actions":[{"type":"create-record","fields":{"priority":"critical"}},{"type":"attach"}]}
            """, null, CancellationToken.None);
        await h.Monitors.AddItemAsync(monitor.Id, "Invoices need a record", """
            {"conditions":[{"field":"subject-and-body","operator":"contains","value":"invoice"}],"record":"not-found",
             "actions":[{"type":"attach"}]}
            """, null, CancellationToken.None);
        var resolved = await h.Records.CreateAsync(new NewRecord("Mail quota exceeded", h.Customer.Address), CancellationToken.None);
        await h.Journal.AddMailAsync(new NewMailEntry(resolved.Id, null, new MailHistory
        {
            Direction = MailDirection.Outgoing, From = h.Desk.Address, To = h.Customer.Address, Subject = "Quota raised", MessageId = "quota-1@desk.test",
        }, [], Array.Empty<byte>()), CancellationToken.None);
        await h.Records.UpdateAsync(resolved.Id, new RecordChanges(Status: RecordStatus.Resolved), CancellationToken.None);
        var again = h.FromCustomer("Re: Quota raised", "It is full again.");
        again.InReplyTo = "quota-1@desk.test";

        await h.DeliverToDeskAsync(
            again,
            h.FromCustomer("Server down ASAP please", "Nothing works."),
            h.FromCustomer("Question", "About my invoice."),
            h.FromCustomer("Plain request here", "Hello."));
        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 2, 1), (counts.FiledExisting, counts.NewRecords, counts.NotHandled));
        Assert.Equal(RecordStatus.InProgress, (await h.Records.GetAsync(resolved.Id, CancellationToken.None))!.Status);
        var records = await h.RecordsOfAsync(h.Customer.Address);
        Assert.Equal(RecordPriority.Critical, Assert.Single(records, r => r.Subject == "Server down ASAP please").Priority);
        Assert.Equal(RecordPriority.Medium, Assert.Single(records, r => r.Subject == "Plain request here").Priority);
        var aside = Assert.Single(await h.Get<MonitorMessageStore>().ListNotHandledAsync(h.Account.Id, 10, CancellationToken.None));
        Assert.Contains("Invoices need a record", aside.Reason);
        Assert.Contains("no record to attach", aside.Reason);
    }

    [Fact]
    public async Task Pop3_mail_is_filed_end_to_end_and_deleted_from_the_server()
    {
        await using var h = await FilingHarness.CreateAsync(type: AccountType.Pop3);
        var request = h.FromCustomer("Laptop will not boot", "Black screen.");
        await h.DeliverToDeskAsync(request);

        var first = await h.RunOnceAsync();
        var record = Assert.Single(await h.RecordsOfAsync(h.Customer.Address));
        var reply = h.FromCustomer("Re: Laptop will not boot", "Still black.");
        reply.InReplyTo = request.MessageId;
        await h.DeliverToDeskAsync(reply);
        var second = await h.RunOnceAsync();

        Assert.Equal((1, 1), (first.NewRecords, second.FiledExisting));
        Assert.Equal(["Black screen.", "Still black."], (await h.IncomingOnAsync(record.Id)).Select(e => e.Text));
        using var pop3 = await MailServer.ConnectPop3Async(h.Desk);
        Assert.Equal(0, pop3.Count);
    }

    /// <summary>A delivery status report (RFC 3464) for <paramref name="original"/>, as Postfix writes one.</summary>
    private static MimeMessage Bounce(string to, MimeMessage original)
    {
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "This is the mail system at host mx.elsewhere.test.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n" },
            new MimeKit.MessageDeliveryStatus(),
            new MessagePart("rfc822") { Message = original },
        };
        var status = (MessageDeliveryStatus)report[1];
        var recipient = new HeaderList
        {
            { "Final-Recipient", "rfc822; " + original.To.Mailboxes.First().Address },
            { "Action", "failed" },
            { "Status", "5.1.1" },
            { "Diagnostic-Code", "smtp; 550 5.1.1 <" + original.To.Mailboxes.First().Address + ">: Recipient address rejected" },
        };
        status.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; mx.elsewhere.test" } });
        status.StatusGroups.Add(recipient);
        var bounce = new MimeMessage();
        bounce.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + MailServer.DefaultDomain));
        bounce.To.Add(MailboxAddress.Parse(to));
        bounce.Subject = "Undelivered Mail Returned to Sender";
        bounce.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(MailServer.DefaultDomain);
        bounce.Body = report;
        return bounce;
    }
}
