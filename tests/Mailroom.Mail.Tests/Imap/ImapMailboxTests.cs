using MailKit;
using MailKit.Net.Imap;
using Mailroom.Mail.Imap;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using Xunit.Abstractions;

namespace Mailroom.Mail.Tests.Imap;

/// <summary>Listing, opening and completing messages on the real Dovecot.</summary>
public sealed class ImapMailboxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task List_FromNoCheckpoint_ThenFromTheCheckpoint_ListsOnlyNewMessages()
    {
        var user = await MailServer.CreateUserAsync("list");
        await using var probe = await ImapProbe.OpenAsync(user);
        // One at a time: Postfix may deliver two queued messages in either order, and the test relies on UID order.
        await TestMessages.DeliverAsync(TestMessages.New(user, "first"));
        await probe.WaitForCountAsync(1);
        await TestMessages.DeliverAsync(TestMessages.New(user, "second"));
        await probe.WaitForCountAsync(2);
        await using var mailbox = await Open(user);

        var first = await mailbox.ListAsync(null, CancellationToken.None);
        await TestMessages.DeliverAsync(TestMessages.New(user, "third"));
        await probe.WaitForCountAsync(3);
        var second = await mailbox.ListAsync(first.Checkpoint, CancellationToken.None);
        var third = await mailbox.ListAsync(second.Checkpoint, CancellationToken.None);

        Assert.Equal(2, first.Messages.Count);
        Assert.False(first.CheckpointReset);
        Assert.All(first.Messages, m => Assert.StartsWith($"{mailbox.UidValidity}:", m.MailboxId, StringComparison.Ordinal));
        Assert.All(first.Messages, m => Assert.True(m.Size > 0));
        Assert.All(first.Messages, m => Assert.EndsWith($"@{MailServer.DefaultDomain}", m.MessageId, StringComparison.Ordinal));
        var only = Assert.Single(second.Messages);
        Assert.Contains("third", await ReadAsync(mailbox, only), StringComparison.Ordinal);
        Assert.Empty(third.Messages);
        Assert.Equal(second.Checkpoint, third.Checkpoint);
    }

    [Fact]
    public async Task Open_StreamsTheRawMessage_WithoutMarkingItRead()
    {
        var user = await MailServer.CreateUserAsync("open");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "streamed", "body text 12345"));
        await probe.WaitForCountAsync(1);
        await using var mailbox = await Open(user, chunk: 64 * 1024);

        var message = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
        var text = await ReadAsync(mailbox, message);

        Assert.Contains("Subject: streamed", text, StringComparison.Ordinal);
        Assert.Contains("body text 12345", text, StringComparison.Ordinal);
        Assert.Equal(message.Size, System.Text.Encoding.ASCII.GetByteCount(text));
        var (_, flags) = Assert.Single((await probe.SubjectsAsync())!);
        Assert.False(flags.HasFlag(MessageFlags.Seen));
    }

    [Fact]
    public async Task CompleteMarkRead_SetsSeen_AndAFreshListingSkipsIt()
    {
        var user = await MailServer.CreateUserAsync("read");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "to read"));
        await probe.WaitForCountAsync(1);
        await using var mailbox = await Open(user);
        var message = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);

        await mailbox.CompleteAsync(message, PostAction.MarkRead, CancellationToken.None);

        var (subject, flags) = Assert.Single((await probe.SubjectsAsync())!);
        Assert.Equal("to read", subject);
        Assert.True(flags.HasFlag(MessageFlags.Seen));
        Assert.Empty((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
    }

    [Fact]
    public async Task CompleteDelete_RemovesTheMessage()
    {
        var user = await MailServer.CreateUserAsync("del");
        await using var probe = await ImapProbe.OpenAsync(user);
        // One at a time: Postfix may deliver two queued messages in either order, and the test relies on UID order.
        await TestMessages.DeliverAsync(TestMessages.New(user, "to delete"));
        await probe.WaitForCountAsync(1);
        await TestMessages.DeliverAsync(TestMessages.New(user, "to keep"));
        await probe.WaitForCountAsync(2);
        await using var mailbox = await Open(user);
        var listing = await mailbox.ListAsync(null, CancellationToken.None);

        await mailbox.CompleteAsync(listing.Messages[0], PostAction.Delete, CancellationToken.None);

        var (subject, _) = Assert.Single((await probe.SubjectsAsync())!);
        Assert.Equal("to keep", subject);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CompleteMove_CreatesTheMissingFolderAndMovesTheMessage(bool serverHasMove)
    {
        var user = await MailServer.CreateUserAsync("move");
        await using var probe = await ImapProbe.OpenAsync(user);
        // One at a time: Postfix may deliver two queued messages in either order, and the test relies on UID order.
        await TestMessages.DeliverAsync(TestMessages.New(user, "to file"));
        await probe.WaitForCountAsync(1);
        await TestMessages.DeliverAsync(TestMessages.New(user, "to stay"));
        await probe.WaitForCountAsync(2);
        await using var mailbox = await Open(user);
        if (!serverHasMove)
        {
            // MailKit lets a client stop using an extension: this takes the COPY, \Deleted and UID EXPUNGE path.
            mailbox.Client.Capabilities &= ~ImapCapabilities.Move;
        }

        var listing = await mailbox.ListAsync(null, CancellationToken.None);
        Assert.Null(await probe.SubjectsAsync("Filed/Done"));

        await mailbox.CompleteAsync(listing.Messages[0], PostAction.MoveTo("Filed/Done"), CancellationToken.None);

        var (moved, _) = Assert.Single((await probe.SubjectsAsync("Filed/Done"))!);
        Assert.Equal("to file", moved);
        var (stayed, _) = Assert.Single((await probe.SubjectsAsync())!);
        Assert.Equal("to stay", stayed);
    }

    [Theory]
    [InlineData("mark-read", true)]
    [InlineData("delete", true)]
    [InlineData("move:Filed", true)]
    [InlineData("move:Filed", false)]
    public async Task Complete_AMessageAlreadyGoneFromTheServer_CountsAsDone(string postAction, bool serverHasMove)
    {
        Assert.True(PostAction.TryParse(postAction, out var action));
        var user = await MailServer.CreateUserAsync("gone");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "gone"));
        await probe.WaitForCountAsync(1);
        await TestMessages.DeliverAsync(TestMessages.New(user, "kept"));
        await probe.WaitForCountAsync(2);
        MailboxMessage gone;
        await using (var earlier = await Open(user))
        {
            gone = (await earlier.ListAsync(null, CancellationToken.None)).Messages[0];
        }

        // An earlier run did the post-action (or someone removed the message) and crashed before recording it; the
        // next run, in a new session, repeats the post-action on a message the folder no longer holds.
        await probe.ExpungeAsync("gone");
        await using var mailbox = await Open(user);
        if (!serverHasMove)
        {
            mailbox.Client.Capabilities &= ~ImapCapabilities.Move;
        }

        await mailbox.CompleteAsync(gone, action, CancellationToken.None);
        await mailbox.CompleteAsync(gone, action, CancellationToken.None);

        var (subject, flags) = Assert.Single((await probe.SubjectsAsync())!);
        Assert.Equal("kept", subject);
        Assert.False(flags.HasFlag(MessageFlags.Seen));
        Assert.Empty((await probe.SubjectsAsync("Filed")) ?? []);
        Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
    }

    [Fact]
    public async Task MissingFolder_IsFolderNotFound()
    {
        var user = await MailServer.CreateUserAsync("nofolder");

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Factory().OpenIncomingAsync(Accounts.Imap(user), "No/Such/Folder", CancellationToken.None));

        Assert.Equal(MailFailureKind.FolderNotFound, failure.Kind);
        Assert.Contains("'No/Such/Folder' does not exist", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedUidValidity_ResetsTheCheckpoint_AndListsTheUnreadMessagesAfresh()
    {
        var user = await MailServer.CreateUserAsync("uidv");
        string before;
        uint oldValidity;
        await using (var probe = await ImapProbe.OpenAsync(user))
        {
            await probe.CreateFolderAsync("Work");
            await probe.AppendAsync("Work", TestMessages.New(user, "old unread"));
            await using var mailbox = await Open(user, "Work");
            before = (await mailbox.ListAsync(null, CancellationToken.None)).Checkpoint!;
            oldValidity = mailbox.UidValidity;

            // Recreating the folder gives it a new UIDVALIDITY, as a restored or rebuilt mailbox would.
            var work = await probe.Client.GetFolderAsync("Work");
            await work.DeleteAsync();
            await probe.CreateFolderAsync("Work");
            await probe.AppendAsync("Work", TestMessages.New(user, "already filed"), MessageFlags.Seen);
            await probe.AppendAsync("Work", TestMessages.New(user, "new one"));
            await probe.AppendAsync("Work", TestMessages.New(user, "another"));
        }

        await using var reopened = await Open(user, "Work");
        var after = await reopened.ListAsync(before, CancellationToken.None);

        Assert.True(after.CheckpointReset);
        Assert.NotEqual(oldValidity, reopened.UidValidity);
        Assert.StartsWith($"{reopened.UidValidity}:", after.Checkpoint, StringComparison.Ordinal);
        Assert.Equal(2, after.Messages.Count);
        Assert.All(after.Messages, m => Assert.StartsWith($"{reopened.UidValidity}:", m.MailboxId, StringComparison.Ordinal));
        Assert.Empty((await reopened.ListAsync(after.Checkpoint, CancellationToken.None)).Messages);
    }

    [Fact]
    public async Task MessageFromAnOldUidValidity_IsNotActedOn_AndItsPostActionCountsAsDone()
    {
        var user = await MailServer.CreateUserAsync("stale");
        await using var probe = await ImapProbe.OpenAsync(user);
        await TestMessages.DeliverAsync(TestMessages.New(user, "uid one now"));
        await probe.WaitForCountAsync(1);
        await using var mailbox = await Open(user);
        var current = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
        // The same UID under an earlier UIDVALIDITY: a different message, which must not be deleted in its place.
        var stale = new MailboxMessage($"{mailbox.UidValidity + 1}:{current.MailboxId.Split(':')[1]}", null);

        await mailbox.CompleteAsync(stale, PostAction.Delete, CancellationToken.None);

        Assert.Equal("uid one now", Assert.Single((await probe.SubjectsAsync())!).Subject);
        await Assert.ThrowsAsync<InvalidOperationException>(() => mailbox.OpenOneAsync(stale, CancellationToken.None));
    }

    [Fact]
    public async Task WaitForNewMail_WithIdle_ReturnsWhenMailIsDelivered()
    {
        var user = await MailServer.CreateUserAsync("idle");
        await using var mailbox = await Open(user);
        Assert.True(mailbox.Client.Capabilities.HasFlag(ImapCapabilities.Idle));
        await mailbox.ListAsync(null, CancellationToken.None);
        // The poll interval (10 minutes) is far beyond the test's own generous limit (2 minutes, for a loaded machine
        // where Postfix may take a while to deliver): returning at all means IDLE saw the mail.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var wait = mailbox.WaitForNewMailAsync(TimeSpan.FromMinutes(10), limit.Token);
        // Deliver only once the server has answered IDLE with its continuation (MailKit's IsIdle turns true then), so
        // the mail is seen by IDLE and not by the command before it.
        await WaitFor.ConditionAsync(() => mailbox.Client.IsIdle || wait.IsCompleted, TimeSpan.FromSeconds(30), "the server accepting IDLE");
        if (wait.IsCompleted)
        {
            await wait;
            Assert.Fail("The wait for new mail ended before any mail was delivered.");
        }

        await TestMessages.DeliverAsync(TestMessages.New(user, "wake up"));
        var accepted = System.Diagnostics.Stopwatch.StartNew();
        await wait;

        // For a person to read (not asserted): delivery by Postfix and LMTP plus IDLE's notice.
        output.WriteLine($"IDLE returned {accepted.ElapsedMilliseconds} ms after Postfix accepted the message");

        var listing = await mailbox.ListAsync(null, CancellationToken.None);
        Assert.Single(listing.Messages);
    }

    [Fact]
    public async Task WaitForNewMail_Cancelled_EndsTheIdleAndKeepsTheConnection()
    {
        var user = await MailServer.CreateUserAsync("idlecancel");
        await using var mailbox = await Open(user);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mailbox.WaitForNewMailAsync(TimeSpan.FromSeconds(30), cancel.Token));

        Assert.Empty((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
    }

    internal static async Task<ImapMailbox> Open(MailUser user, string? folder = null, int? chunk = null, int? listChunk = null) =>
        (ImapMailbox)await Accounts.Factory(Accounts.Connector(chunk: chunk, listChunk: listChunk)).OpenIncomingAsync(Accounts.Imap(user), folder, CancellationToken.None);

    private static async Task<string> ReadAsync(IIncomingMailbox mailbox, MailboxMessage message)
    {
        await using var stream = await mailbox.OpenOneAsync(message, CancellationToken.None);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
