using Mailroom.Mail.Pop3;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.Pop3;

/// <summary>Listing by UIDL, opening and deleting on the real Dovecot POP3 server.</summary>
public sealed class Pop3MailboxTests
{
    [Fact]
    public async Task List_GivesEveryMessageByUidl_AndOpenStreamsIt()
    {
        var user = await MailServer.CreateUserAsync("pop");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "pop one", "first body"));
        await TestMessages.DeliverAsync(TestMessages.New(user, "pop two", "second body"));
        await probe.WaitForCountAsync(2);
        await using var mailbox = await Open(user);

        var listing = await mailbox.ListAsync(null, CancellationToken.None);

        Assert.Equal(2, listing.Messages.Count);
        Assert.Null(listing.Checkpoint);
        Assert.False(listing.CheckpointReset);
        Assert.Equal(2, listing.Messages.Select(m => m.MailboxId).Distinct().Count());
        Assert.All(listing.Messages, m => Assert.True(m.Size > 0));
        var texts = new List<string>();
        foreach (var message in listing.Messages)
        {
            await using var stream = await mailbox.OpenOneAsync(message, CancellationToken.None);
            texts.Add(await new StreamReader(stream).ReadToEndAsync());
        }

        Assert.Contains(texts, t => t.Contains("first body", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("second body", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Complete_AnyAction_Deletes_AndTheDeletionCommitsAtQuit()
    {
        var user = await MailServer.CreateUserAsync("popdel");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "filed"));
        await TestMessages.DeliverAsync(TestMessages.New(user, "kept"));
        await probe.WaitForCountAsync(2);
        var mailbox = await Open(user);
        var listing = await mailbox.ListAsync(null, CancellationToken.None);
        var filed = await FindAsync(mailbox, listing, "filed");

        // Even "mark read" deletes: POP3 has no flags, and a message left on the server would be listed forever.
        await mailbox.CompleteAsync(filed, PostAction.MarkRead, CancellationToken.None);
        var beforeQuit = await probe.SubjectsAsync();
        await mailbox.DisposeAsync();
        var afterQuit = await probe.SubjectsAsync();

        Assert.Equal(2, beforeQuit!.Count);
        var (subject, _) = Assert.Single(afterQuit!);
        Assert.Equal("kept", subject);
    }

    [Fact]
    public async Task ListAgain_AfterCompleting_CommitsAndNoLongerListsTheDeletedMessage()
    {
        var user = await MailServer.CreateUserAsync("poprelist");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "one"));
        await probe.WaitForCountAsync(1);
        await using var mailbox = await Open(user);
        var first = await mailbox.ListAsync(null, CancellationToken.None);

        await mailbox.CompleteAsync(first.Messages[0], PostAction.Delete, CancellationToken.None);
        await TestMessages.DeliverAsync(TestMessages.New(user, "two"));
        await probe.WaitForCountAsync(2);
        var second = await mailbox.ListAsync(null, CancellationToken.None);

        var message = Assert.Single(second.Messages);
        Assert.NotEqual(first.Messages[0].MailboxId, message.MailboxId);
        Assert.Equal("two", Assert.Single((await probe.SubjectsAsync())!).Subject);
    }

    [Fact]
    public async Task Complete_AMessageAnEarlierSessionAlreadyDeleted_CountsAsDone()
    {
        var user = await MailServer.CreateUserAsync("popgone");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "gone"));
        await TestMessages.DeliverAsync(TestMessages.New(user, "kept"));
        await probe.WaitForCountAsync(2);
        MailboxMessage gone;
        await using (var earlier = await Open(user))
        {
            gone = await FindAsync(earlier, await earlier.ListAsync(null, CancellationToken.None), "gone");
            await earlier.CompleteAsync(gone, PostAction.Delete, CancellationToken.None);
        }

        Assert.Equal("kept", Assert.Single((await probe.SubjectsAsync())!).Subject);

        // The run crashed before recording the deletion; the next one repeats it in a new session, before listing
        // (the session's listing is taken to tell) and after.
        await using var mailbox = await Open(user);
        await mailbox.CompleteAsync(gone, PostAction.Delete, CancellationToken.None);
        var listing = await mailbox.ListAsync(null, CancellationToken.None);
        await mailbox.CompleteAsync(gone, PostAction.Delete, CancellationToken.None);

        Assert.DoesNotContain(listing.Messages, m => m.MailboxId == gone.MailboxId);
        Assert.Single(listing.Messages);
        await mailbox.DisposeAsync();
        Assert.Equal("kept", Assert.Single((await probe.SubjectsAsync())!).Subject);
    }

    [Fact]
    public async Task Complete_Twice_InOneSession_CountsAsDone()
    {
        var user = await MailServer.CreateUserAsync("poptwice");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "twice"));
        await probe.WaitForCountAsync(1);
        await using var mailbox = await Open(user);
        var message = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);

        await mailbox.CompleteAsync(message, PostAction.Delete, CancellationToken.None);
        await mailbox.CompleteAsync(message, PostAction.Delete, CancellationToken.None);
        await mailbox.DisposeAsync();

        Assert.Empty((await probe.SubjectsAsync())!);
    }

    [Fact]
    public async Task OpenWithoutListing_IsRefused()
    {
        var user = await MailServer.CreateUserAsync("popnolist");
        await using var mailbox = await Open(user);

        await Assert.ThrowsAsync<InvalidOperationException>(() => mailbox.OpenOneAsync(new MailboxMessage("nope", null), CancellationToken.None));
    }

    internal static async Task<Pop3Mailbox> Open(MailUser user) =>
        (Pop3Mailbox)await Accounts.Factory().OpenIncomingAsync(Accounts.Pop3(user), null, CancellationToken.None);

    private static async Task<MailboxMessage> FindAsync(IIncomingMailbox mailbox, MailboxListing listing, string subject)
    {
        foreach (var message in listing.Messages)
        {
            await using var stream = await mailbox.OpenOneAsync(message, CancellationToken.None);
            if ((await new StreamReader(stream).ReadToEndAsync()).Contains($"Subject: {subject}\r\n", StringComparison.Ordinal))
            {
                return message;
            }
        }

        throw new InvalidOperationException($"no message '{subject}'");
    }
}
