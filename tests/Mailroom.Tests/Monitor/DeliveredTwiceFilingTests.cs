using System.Text;
using Mailroom.Data.Monitor;
using Mailroom.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// The same mail arriving twice through real Postfix and Dovecot (an MTA that retried after a lost reply, a customer
/// writing to two desk aliases): other trace headers and Date, same author's content, filed once; a different body
/// under the same Message-ID is another mail and is filed.
/// </summary>
public sealed class DeliveredTwiceFilingTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_mail_delivered_again_with_other_trace_headers_is_filed_once_and_another_body_under_its_message_id_is_filed(string kind)
    {
        await using var h = await FilingHarness.CreateAsync(kind);
        var messageId = $"{Guid.NewGuid():N}@customer.test";
        string Copy(string trace, string date, string body) =>
            trace
            + $"From: Customer <{h.Customer.Address}>\r\nTo: Desk <{h.Desk.Address}>, help@desk.test\r\nSubject: Scanner jammed\r\n"
            + $"Date: {date}\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

        const string body = "The scanner on floor 2 is jammed again.\r\n\r\nBob";
        var first = Copy("", "Tue, 1 Dec 2026 09:00:00 +0000", body);
        var again = Copy(
            "Received: from relay2.customer.test (relay2.customer.test [192.0.2.7]) by mx.desk.test with ESMTPS id 4AbC; Tue, 1 Dec 2026 09:05:00 +0000\r\n"
            + "Delivered-To: help@desk.test\r\nX-Original-To: help@desk.test\r\nReturn-Path: <bounces@customer.test>\r\nX-Spam-Score: 0.4\r\n",
            "Tue, 1 Dec 2026 09:04:59 +0000", body);
        var changed = Copy("", "Tue, 1 Dec 2026 09:00:00 +0000", "The scanner on floor 2 is jammed again, and now it smokes.\r\n\r\nBob");
        foreach (var raw in new[] { first, again, changed })
        {
            var before = (await MailServer.ReadMailboxAsync(h.Desk)).Count;
            await MailServer.DeliverRawAsync(h.Desk.Address, Encoding.UTF8.GetBytes(raw));
            await MailServer.WaitForMessagesAsync(h.Desk, before + 1);
        }

        var counts = await h.RunOnceAsync();

        Assert.Equal((3, 1, 1, 1), (counts.Fetched, counts.NewRecords, counts.Skipped, counts.FiledExisting));
        var record = Assert.Single(await h.RecordsOfAsync(h.Customer.Address));
        var filed = await h.IncomingOnAsync(record.Id);
        Assert.Equal(2, filed.Count);
        Assert.DoesNotContain("smokes", filed[0].Mail!.TextBody, StringComparison.Ordinal);
        Assert.Contains("smokes", filed[1].Mail!.TextBody, StringComparison.Ordinal);

        var ledger = (await h.LedgerAsync()).OrderBy(m => m.Id).ToList();
        Assert.Equal([MessageOutcome.NewRecord, MessageOutcome.Duplicate, MessageOutcome.FiledExisting], ledger.Select(m => m.Outcome));
        Assert.Contains($"received message {ledger[0].Id}", ledger[1].Reason, StringComparison.Ordinal);
        Assert.NotEqual(ledger[0].Digest, ledger[1].Digest); // the raw bytes differ: only the authored content matched
    }
}
