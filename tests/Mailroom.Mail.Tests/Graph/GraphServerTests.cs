using Mailroom.Mail.Graph;
using Mailroom.Testing.Graph;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>
/// The Graph client against the in-process Graph server (written from Microsoft's reference by another engineer)
/// with tokens from the local authorization server: what a monitor and an outbox do, end to end over HTTP.
/// </summary>
public sealed class GraphServerTests
{
    [Fact]
    public async Task Mail_is_listed_by_delta_read_as_mime_marked_read_in_batches_and_the_next_round_lists_only_new_mail()
    {
        await using var f = await GraphServerFixture.StartAsync();
        var delivered = Enumerable.Range(1, 45).Select(i => f.Mailbox.AddMessage(GraphServerFixture.Mime($"Printer {i}"), received: DateTimeOffset.UtcNow.AddMinutes(i - 100))).ToList();
        var factory = f.Factory();

        await using var mailbox = await factory.OpenIncomingAsync(f.Account, null, CancellationToken.None);
        var listing = await mailbox.ListAsync(null, CancellationToken.None);

        Assert.Equal(delivered.Select(m => m.ImmutableId), listing.Messages.Select(m => m.MailboxId));
        Assert.Equal(delivered.Select(m => m.InternetMessageId), listing.Messages.Select(m => m.MessageId));
        Assert.NotNull(listing.Checkpoint);
        var index = 0;
        await foreach (var fetched in mailbox.FetchAsync(listing.Messages, CancellationToken.None))
        {
            Assert.Null(fetched.Failure);
            using var copy = new MemoryStream();
            await fetched.Content!.CopyToAsync(copy, CancellationToken.None);
            Assert.Equal(delivered[index++].Mime, copy.ToArray());
        }

        Assert.Equal(45, index);

        Assert.Empty(await mailbox.CompleteAsync(listing.Messages, PostAction.MarkRead, CancellationToken.None));
        Assert.All(f.Mailbox.Messages("inbox"), m => Assert.True(m.IsRead));
        Assert.Equal(3, f.Graph.Counters.Batches);

        var late = f.Mailbox.AddMessage(GraphServerFixture.Mime("Scanner"));
        var next = await mailbox.ListAsync(listing.Checkpoint, CancellationToken.None);

        Assert.Equal([late.ImmutableId], next.Messages.Select(m => m.MailboxId));
        Assert.False(next.CheckpointReset);
    }

    [Fact]
    public async Task Moving_creates_the_target_folder_and_the_message_keeps_its_immutable_id()
    {
        await using var f = await GraphServerFixture.StartAsync();
        var message = f.Mailbox.AddMessage(GraphServerFixture.Mime("Keyboard"));
        await using var mailbox = await f.Factory().OpenIncomingAsync(f.Account, "Inbox", CancellationToken.None);
        var listed = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);

        Assert.Empty(await mailbox.CompleteAsync([listed], PostAction.MoveTo("Done"), CancellationToken.None));

        var moved = Assert.Single(f.Mailbox.Messages("Done"));
        Assert.Equal(message.ImmutableId, moved.ImmutableId);
        Assert.Empty(f.Mailbox.Messages("inbox"));
        // Done again (the monitor redoing a post-action after a crash): the same id still names the message.
        Assert.Empty(await mailbox.CompleteAsync([listed], PostAction.MoveTo("Done"), CancellationToken.None));
        Assert.Single(f.Mailbox.Messages("Done"));
        Assert.Single(f.Mailbox.Folders, x => x.DisplayName == "Done");
    }

    [Fact]
    public async Task Deleting_takes_the_message_out_of_the_folder_and_a_second_delete_counts_as_done()
    {
        await using var f = await GraphServerFixture.StartAsync();
        f.Mailbox.AddMessage(GraphServerFixture.Mime("Monitor"));
        await using var mailbox = await f.Factory().OpenIncomingAsync(f.Account, null, CancellationToken.None);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;

        Assert.Empty(await mailbox.CompleteAsync(listed, PostAction.Delete, CancellationToken.None));
        Assert.Empty(await mailbox.CompleteAsync(listed, PostAction.Delete, CancellationToken.None));

        Assert.Empty(f.Mailbox.Messages("inbox"));
    }

    [Fact]
    public async Task An_expired_delta_token_lists_the_folder_afresh()
    {
        await using var f = await GraphServerFixture.StartAsync();
        var message = f.Mailbox.AddMessage(GraphServerFixture.Mime("Mouse"));
        await using var mailbox = await f.Factory().OpenIncomingAsync(f.Account, null, CancellationToken.None);
        var first = await mailbox.ListAsync(null, CancellationToken.None);

        f.Mailbox.ExpireDeltaTokens();
        var again = await mailbox.ListAsync(first.Checkpoint, CancellationToken.None);

        Assert.True(again.CheckpointReset);
        Assert.Equal([message.ImmutableId], again.Messages.Select(m => m.MailboxId));
    }

    [Fact]
    public async Task A_burst_of_429s_is_waited_out_as_retry_after_says_and_nothing_is_listed_twice()
    {
        await using var f = await GraphServerFixture.StartAsync();
        for (var i = 0; i < 30; i++)
        {
            f.Mailbox.AddMessage(GraphServerFixture.Mime($"Burst {i}"));
        }

        f.Mailbox.InjectFault(GraphFault.TooManyRequests(TimeSpan.FromSeconds(2.128), times: 3, kind: GraphRequestKind.Delta));
        f.Mailbox.InjectFault(GraphFault.TooManyRequests(TimeSpan.FromSeconds(5), times: 2, kind: GraphRequestKind.UpdateMessage));
        await using var mailbox = await f.Factory().OpenIncomingAsync(f.Account, null, CancellationToken.None);

        var listing = await mailbox.ListAsync(null, CancellationToken.None);
        var failures = await mailbox.CompleteAsync(listing.Messages, PostAction.MarkRead, CancellationToken.None);

        Assert.Equal(30, listing.Messages.Select(m => m.MailboxId).Distinct().Count());
        Assert.Empty(failures);
        Assert.All(f.Mailbox.Messages("inbox"), m => Assert.True(m.IsRead));
        Assert.Equal(3, f.Time.Waits.Count(w => w == TimeSpan.FromSeconds(2.128)));
        Assert.Contains(TimeSpan.FromSeconds(5), f.Time.Waits);
        Assert.Equal(5, f.Graph.Counters.Throttled);
    }

    [Fact]
    public async Task A_token_that_expired_in_the_cache_is_refused_renewed_once_and_the_call_goes_through()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var f = await GraphServerFixture.StartAsync(clock);
        f.Identity.AccessTokenLifetime = TimeSpan.FromSeconds(3);
        f.Tokens.KeepExpired = true;
        f.Mailbox.AddMessage(GraphServerFixture.Mime("Cable"));
        await using var mailbox = await f.Factory(o => o with { TokenRenewalMargin = TimeSpan.Zero }).OpenIncomingAsync(f.Account, null, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(10));
        var listing = await mailbox.ListAsync(null, CancellationToken.None);

        Assert.Single(listing.Messages);
        Assert.Equal(1, f.Graph.Counters.Unauthorized);
        Assert.Equal(1, f.Tokens.Forced);
        Assert.Equal(2, f.Tokens.Bought);
    }

    [Fact]
    public async Task Sending_hands_graph_mailrooms_own_mime_with_its_threading_headers()
    {
        await using var f = await GraphServerFixture.StartAsync();
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Desk", f.Address));
        message.To.Add(new MailboxAddress("Customer", "customer@example.org"));
        message.Subject = "Your printer {CMI: AB1234}";
        message.MessageId = "mr-42.7@mailroom.example";
        message.InReplyTo = "p1@example.org";
        message.References.Add("p0@example.org");
        message.References.Add("p1@example.org");
        message.Headers.Add("Thread-Index", "AQHTJWSHSywMzSz8o0OJud48nG50GQ==");
        message.Body = new TextPart("plain") { Text = "We are on it.\r\n" };
        await using var transport = await f.Factory().OpenOutgoingAsync(f.Account, CancellationToken.None);

        var outcome = await transport.SendAsync(message, CancellationToken.None);

        Assert.Empty(outcome.RejectedRecipients);
        var sent = Assert.Single(f.Graph.Sent).Parse();
        Assert.Equal("mr-42.7@mailroom.example", sent.MessageId);
        Assert.Equal("p1@example.org", sent.InReplyTo);
        Assert.Equal(["p0@example.org", "p1@example.org"], sent.References);
        Assert.Equal("AQHTJWSHSywMzSz8o0OJud48nG50GQ==", sent.Headers["Thread-Index"]);
        Assert.Equal("Your printer {CMI: AB1234}", sent.Subject);
    }

    [Fact]
    public async Task Sending_from_an_address_the_mailbox_may_not_send_as_is_a_permanent_failure_in_graphs_words()
    {
        await using var f = await GraphServerFixture.StartAsync();
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("CEO", "ceo@contoso.example"));
        message.To.Add(new MailboxAddress("Customer", "customer@example.org"));
        message.Subject = "Spoof";
        message.Body = new TextPart("plain") { Text = "x" };
        await using var transport = await f.Factory().OpenOutgoingAsync(f.Account, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(message, CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.NotNull(ex.ServerReply);
        Assert.Empty(f.Graph.Sent);
    }
}
