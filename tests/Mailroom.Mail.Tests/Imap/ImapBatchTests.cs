using System.Globalization;
using MailKit;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.Imap;

/// <summary>Fetching and completing many messages at once on the real Dovecot: one UID FETCH, one UID MOVE.</summary>
public sealed class ImapBatchTests
{
    [Fact]
    public async Task FetchMany_YieldsEachInOrderUnread_AndOneGoneSinceTheListingIsItsOwnFailure()
    {
        var user = await MailServer.CreateUserAsync("batchfetch");
        await using var probe = await ImapProbe.OpenAsync(user);
        for (var i = 1; i <= 5; i++)
        {
            await probe.AppendAsync("INBOX", TestMessages.New(user, $"batch {i}", $"body {i}"));
        }

        await using var mailbox = await ImapMailboxTests.Open(user);
        var listing = await mailbox.ListAsync(null, CancellationToken.None);
        var listed = listing.Messages;
        await probe.ExpungeAsync("batch 3");
        // A session learns of an expunge only between its commands: listing again (nothing new) brings it in.
        Assert.Empty((await mailbox.ListAsync(listing.Checkpoint, CancellationToken.None)).Messages);

        var fetched = new List<(string Id, string? Text, string? Failure)>();
        await foreach (var item in mailbox.FetchAsync(listed, CancellationToken.None))
        {
            fetched.Add((item.Message.MailboxId, item.Content is null ? null : await new StreamReader(item.Content).ReadToEndAsync(), item.Failure));
        }

        Assert.Equal(listed.Select(m => m.MailboxId), fetched.Select(f => f.Id));
        Assert.Contains("no longer has it", fetched[2].Failure, StringComparison.Ordinal);
        Assert.Null(fetched[2].Text);
        foreach (var i in new[] { 1, 2, 4, 5 })
        {
            Assert.Null(fetched[i - 1].Failure);
            Assert.Contains($"Subject: batch {i}", fetched[i - 1].Text, StringComparison.Ordinal);
            Assert.Contains($"body {i}", fetched[i - 1].Text, StringComparison.Ordinal);
        }

        Assert.All((await probe.SubjectsAsync())!, m => Assert.False(m.Flags.HasFlag(MessageFlags.Seen))); // BODY.PEEK
    }

    [Fact]
    public async Task Listing_InPiecesOfTwo_GivesEveryUnreadMessageOnceInUidOrder_FirstAndSinceTheCheckpoint()
    {
        var user = await MailServer.CreateUserAsync("listpieces");
        await using var probe = await ImapProbe.OpenAsync(user);
        var unread = new List<string?>();
        for (var i = 1; i <= 7; i++)
        {
            var message = TestMessages.New(user, $"piece {i}");
            var read = i is 2 or 6; // read before the monitor came: not listed on the first listing
            await probe.AppendAsync("INBOX", message, read ? MessageFlags.Seen : MessageFlags.None);
            if (!read)
            {
                unread.Add(message.MessageId);
            }
        }

        await using var mailbox = await ImapMailboxTests.Open(user, listChunk: 2);
        var first = await mailbox.ListAsync(null, CancellationToken.None);
        var later = new List<string?>();
        for (var i = 8; i <= 12; i++)
        {
            var message = TestMessages.New(user, $"piece {i}");
            await probe.AppendAsync("INBOX", message);
            later.Add(message.MessageId);
        }

        var since = await mailbox.ListAsync(first.Checkpoint, CancellationToken.None);

        Assert.Equal(unread, first.Messages.Select(m => m.MessageId));
        Assert.Equal(later, since.Messages.Select(m => m.MessageId));
        var uids = first.Messages.Concat(since.Messages).Select(m => uint.Parse(m.MailboxId.Split(':')[1], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(uids.Order(), uids);
        Assert.All(first.Messages.Concat(since.Messages), m => Assert.True(m.Size > 0));
        Assert.Empty((await mailbox.ListAsync(since.Checkpoint, CancellationToken.None)).Messages);
    }

    [Fact]
    public async Task CompleteMany_MovesThemAll_AndDoingItAgainAfterACrashChangesNothing()
    {
        var user = await MailServer.CreateUserAsync("batchmove");
        await using var probe = await ImapProbe.OpenAsync(user);
        for (var i = 1; i <= 4; i++)
        {
            await probe.AppendAsync("INBOX", TestMessages.New(user, $"move {i}"));
        }

        await using var mailbox = await ImapMailboxTests.Open(user);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;

        Assert.Empty(await mailbox.CompleteAsync(listed, PostAction.MoveTo("Done"), CancellationToken.None));
        Assert.Empty(await mailbox.CompleteAsync(listed, PostAction.MoveTo("Done"), CancellationToken.None)); // a set finished again

        Assert.Empty((await probe.SubjectsAsync())!);
        Assert.Equal(["move 1", "move 2", "move 3", "move 4"], (await probe.SubjectsAsync("Done"))!.Select(m => m.Subject).Order());
    }
}
