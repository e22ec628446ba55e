using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Engine.Outbox;
using Mailroom.Engine.Sending;
using Mailroom.Mail.Composing;
using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Tests.Sending;

/// <summary>Mail sent from a record through the real Postfix, read back from Dovecot over IMAP.</summary>
public sealed class SendingEndToEndTests
{
    [Theory]
    [InlineData(ConversationIdPlacement.Subject)]
    [InlineData(ConversationIdPlacement.Body)]
    public async Task ASentMessage_ArrivesWithTheConversationIdWhereTheAccountSays_AndTheRightFrom(ConversationIdPlacement placement)
    {
        await using var h = await SendingHarness.CreateAsync();
        var account = await h.AddAccountAsync(placement);
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);

        var queued = await h.Get<RecordMailer>().QueueAsync(Request(record.Id, account.Name, h.Customer.Address), CancellationToken.None);
        var run = await h.Get<OutboxProcessor>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new OutboxRunResult(1, 0, 0), run);
        var arrived = Assert.Single(await MailServer.WaitForMessagesAsync(h.Customer));
        Assert.Equal(h.Desk.Address, ((MailboxAddress)arrived.From[0]).Address);
        Assert.Equal(queued.MessageId, arrived.MessageId);
        Assert.NotNull(queued.ConversationId);
        Assert.Matches(@"^\{CMI: [A-Z0-9]{2,8}[0-9]+\}$", queued.ConversationId);
        if (placement == ConversationIdPlacement.Subject)
        {
            Assert.Equal($"About your printer {queued.ConversationId}", arrived.Subject);
            Assert.DoesNotContain("{CMI:", arrived.TextBody, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("About your printer", arrived.Subject);
            Assert.Contains(queued.ConversationId, arrived.TextBody!.Split('\n').Select(l => l.Trim()));
        }

        Assert.NotNull(arrived.Headers[MailComposer.LoopHeader]);
        Assert.Null(arrived.Headers["Auto-Submitted"]);

        var entry = Assert.Single(await h.Get<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None));
        Assert.Equal(DeliveryState.Sent, entry.Mail!.DeliveryState);
        Assert.Equal(queued.ConversationId, entry.Mail.ConversationId);
        Assert.Equal(new ConversationOwner(record.Id, entry.Id), await h.Get<JournalStore>().FindByConversationIdAsync(queued.ConversationId!, CancellationToken.None));
        Assert.Equal(record.Id, (await h.Get<JournalStore>().FindByMessageIdAsync(arrived.MessageId!, CancellationToken.None))!.RecordId);
    }

    [Fact]
    public async Task BadInput_IsRefusedNamingTheField_AndNothingIsQueued()
    {
        await using var h = await SendingHarness.CreateAsync();
        var account = await h.AddAccountAsync();
        var hidden = await h.AddAccountAsync(availableToUsers: false);
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Printer", h.Customer.Address), CancellationToken.None);
        var mailer = h.Get<RecordMailer>();

        var from = await Assert.ThrowsAsync<ValidationException>(() => mailer.QueueAsync(Request(record.Id, account.Name, h.Customer.Address) with { From = "ceo@elsewhere.test" }, CancellationToken.None));
        Assert.Equal("from", Assert.Single(from.Problems).Field);
        var crlf = await Assert.ThrowsAsync<ValidationException>(() => mailer.QueueAsync(Request(record.Id, account.Name, h.Customer.Address) with { Subject = "Hi\r\nBcc: victim@example.test" }, CancellationToken.None));
        Assert.Equal("subject", Assert.Single(crlf.Problems).Field);
        var notForUsers = await Assert.ThrowsAsync<ValidationException>(() => mailer.QueueAsync(Request(record.Id, hidden.Name, h.Customer.Address), CancellationToken.None));
        Assert.Equal("account", Assert.Single(notForUsers.Problems).Field);
        var big = await Assert.ThrowsAsync<ValidationException>(() => mailer.QueueAsync(Request(record.Id, account.Name, h.Customer.Address) with { TextBody = new string('x', 11 * 1024 * 1024) }, CancellationToken.None));
        Assert.Equal("body", Assert.Single(big.Problems).Field);
        var noRecord = await Assert.ThrowsAsync<NotFoundException>(() => mailer.QueueAsync(Request(999_999, account.Name, h.Customer.Address), CancellationToken.None));
        Assert.Equal("record", noRecord.Kind);
        var noAccount = await Assert.ThrowsAsync<NotFoundException>(() => mailer.QueueAsync(Request(record.Id, "no-such-account", h.Customer.Address), CancellationToken.None));
        Assert.Equal("account", noAccount.Kind);
        var missingFile = await Assert.ThrowsAsync<ValidationException>(() => AttachmentFiles.ReadAsync(["/nonexistent/quote.pdf"], CancellationToken.None));
        Assert.Contains("/nonexistent/quote.pdf", Assert.Single(missingFile.Problems, p => p.Field == "attach").Message, StringComparison.Ordinal);

        Assert.Empty(await h.Get<OutboxStore>().ListAsync(includeSent: true, 100, CancellationToken.None));
        Assert.Empty(await h.Get<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task WithTheSmtpServerUnreachable_TheMessageWaits_AndOnceReachableArrivesExactlyOnce()
    {
        await using var h = await SendingHarness.CreateAsync();
        var account = await h.AddAccountAsync(smtpPort: SendingHarness.ClosedPort());
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Printer", h.Customer.Address), CancellationToken.None);
        var queued = await h.Get<RecordMailer>().QueueAsync(Request(record.Id, account.Name, h.Customer.Address) with { Subject = "While down" }, CancellationToken.None);
        var processor = h.Get<OutboxProcessor>();

        var before = DateTimeOffset.UtcNow;
        var down = await processor.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new OutboxRunResult(0, 1, 0), down);
        var waiting = await h.Get<OutboxStore>().GetAsync(queued.OutboxId, CancellationToken.None);
        Assert.Equal(OutboxState.Waiting, waiting!.State);
        Assert.Equal(1, waiting.Attempts);
        Assert.NotNull(waiting.LastError);
        // The next try is one retry delay after the failed one (bounds a slow machine cannot break: the try fell
        // between "before" and now; stored to the millisecond).
        var retryDelay = h.Get<OutboxOptions>().FirstRetryDelay;
        Assert.NotNull(waiting.NextAttemptAt);
        Assert.InRange(waiting.NextAttemptAt.Value, before + retryDelay - TimeSpan.FromMilliseconds(1), DateTimeOffset.UtcNow + retryDelay);

        // The administrator fixes the port; the agent asks for a retry now.
        var accounts = h.Get<AccountStore>();
        var stored = await accounts.GetAsync(account.Id, CancellationToken.None);
        await accounts.UpdateAsync(stored with { Outgoing = stored.Outgoing! with { Port = MailServer.SubmissionPort } }, "test", CancellationToken.None);
        Assert.Equal(OutboxRetryResult.Scheduled, await h.Get<OutboxStore>().RetryNowAsync(queued.OutboxId, TimeSpan.FromHours(24), CancellationToken.None));

        Assert.Equal(new OutboxRunResult(1, 0, 0), await processor.RunOnceAsync(CancellationToken.None));
        Assert.Equal(OutboxRunResult.None, await processor.RunOnceAsync(CancellationToken.None));

        // No second copy: a later message, sent only after that run ended, arrives behind any copy the run sent, so
        // once it is there the count is final (no sleep that merely hopes a duplicate would have come by then).
        await MailServer.WaitForMessagesAsync(h.Customer);
        await h.Get<RecordMailer>().QueueAsync(Request(record.Id, account.Name, h.Customer.Address) with { Subject = "Later" }, CancellationToken.None);
        Assert.Equal(new OutboxRunResult(1, 0, 0), await processor.RunOnceAsync(CancellationToken.None));
        await WaitFor.ConditionAsync(async () => (await MailServer.ReadMailboxAsync(h.Customer)).Any(m => (m.Subject ?? "").StartsWith("Later", StringComparison.Ordinal)),
            TimeSpan.FromMinutes(2), "the later message arriving after the retried one");
        var arrived = await MailServer.ReadMailboxAsync(h.Customer);
        var whileDown = Assert.Single(arrived, m => (m.Subject ?? "").StartsWith("While down", StringComparison.Ordinal));
        Assert.Equal(queued.MessageId, whileDown.MessageId);
    }

    [Fact]
    public async Task APermanentRejection_ShowsAsFailedOnTheRecord_WithTheServersWords()
    {
        await using var h = await SendingHarness.CreateAsync();
        var account = await h.AddAccountAsync();
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Printer", h.Customer.Address), CancellationToken.None);

        // A local domain Postfix delivers to, but a user Dovecot does not know: refused with 5xx at RCPT.
        var nobody = "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@" + h.Customer.Address.Split('@')[1];
        var queued = await h.Get<RecordMailer>().QueueAsync(Request(record.Id, account.Name, nobody), CancellationToken.None);

        var run = await h.Get<OutboxProcessor>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new OutboxRunResult(0, 0, 1), run);
        var entry = Assert.Single(await h.Get<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None));
        Assert.Equal(DeliveryState.Failed, entry.Mail!.DeliveryState);
        Assert.Matches("5[0-9][0-9]", entry.Mail.DeliveryDetail);
        Assert.True(entry.NeedsAttention);
        var message = await h.Get<OutboxStore>().GetAsync(queued.OutboxId, CancellationToken.None);
        Assert.Equal(OutboxState.Failed, message!.State);
    }

    [Fact]
    public async Task ABatchWithOneRefusedInTheMiddle_SendsTheRest_AndEachMessageKeepsItsOwnResult()
    {
        await using var h = await SendingHarness.CreateAsync();
        var account = await h.AddAccountAsync();
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Batch", h.Customer.Address), CancellationToken.None);
        var nobody = "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@" + h.Customer.Address.Split('@')[1];
        var queued = new List<(long OutboxId, string To)>();
        foreach (var to in new[] { h.Customer.Address, h.Customer.Address, nobody, h.Customer.Address, h.Customer.Address })
        {
            queued.Add(((await h.Get<RecordMailer>().QueueAsync(Request(record.Id, account.Name, to), CancellationToken.None)).OutboxId, to));
        }

        // One claimed batch, one account: sent over one connection; the refused third is reset, the rest go on.
        var run = await h.Get<OutboxProcessor>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new OutboxRunResult(4, 0, 1), run);
        foreach (var (id, to) in queued)
        {
            var message = await h.Get<OutboxStore>().GetAsync(id, CancellationToken.None);
            Assert.Equal(to == nobody ? OutboxState.Failed : OutboxState.Sent, message!.State);
        }

        var arrived = await MailServer.WaitForMessagesAsync(h.Customer, count: 4);
        Assert.Equal(4, arrived.Count(m => (m.Subject ?? "").StartsWith("About your printer", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AMessageLeftSendingByACrash_IsResentWithTheSameMessageIdAndBytes()
    {
        await using var h = await SendingHarness.CreateAsync();
        var account = await h.AddAccountAsync();
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Printer", h.Customer.Address), CancellationToken.None);
        var queued = await h.Get<RecordMailer>().QueueAsync(Request(record.Id, account.Name, h.Customer.Address) with { Subject = "Crash test" }, CancellationToken.None);
        var outbox = h.Get<OutboxStore>();
        var stored = await outbox.GetRawAsync(queued.EntryId, CancellationToken.None);

        // A node claims the message with a lease that has already run out, marks it Sending and dies.
        var claim = Assert.Single(await outbox.ClaimDueAsync("dead-node", 10, TimeSpan.FromMilliseconds(-1), CancellationToken.None));
        Assert.True(await outbox.MarkSendingAsync(claim.Id, "dead-node", TimeSpan.FromMilliseconds(-1), CancellationToken.None));

        Assert.Equal(new OutboxRunResult(1, 0, 0), await h.Get<OutboxProcessor>().RunOnceAsync(CancellationToken.None));

        var arrived = Assert.Single(await MailServer.WaitForMessagesAsync(h.Customer));
        Assert.Equal(queued.MessageId, arrived.MessageId);
        Assert.Equal(stored, await outbox.GetRawAsync(queued.EntryId, CancellationToken.None));
        var message = await outbox.GetAsync(queued.OutboxId, CancellationToken.None);
        Assert.Equal(OutboxState.Sent, message!.State);
        Assert.True(message.UnknownOutcome);
        Assert.Equal(2, message.Attempts);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ConversationIds_StayUniqueUnderConcurrentSends(string kind)
    {
        await using var h = await SendingHarness.CreateAsync(kind);
        var account = await h.AddAccountAsync();
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Printer", h.Customer.Address), CancellationToken.None);
        var mailer = h.Get<RecordMailer>();

        var queued = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            mailer.QueueAsync(Request(record.Id, account.Name, h.Customer.Address) with { Subject = $"Parallel {i}" }, CancellationToken.None))));

        Assert.Equal(40, queued.Select(q => q.ConversationId).Distinct().Count());
        Assert.Equal(40, queued.Select(q => q.MessageId).Distinct().Count());
        Assert.Equal(40, (await h.Get<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None)).Count);
    }

    private static OutgoingMailRequest Request(long recordId, string account, string to) => new()
    {
        RecordId = recordId,
        Account = account,
        To = [to],
        Subject = "About your printer",
        TextBody = "We are on it.",
    };
}
