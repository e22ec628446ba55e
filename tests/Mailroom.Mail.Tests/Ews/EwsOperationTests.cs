using Mailroom.Mail.Ews;
using Mailroom.Mail.Tests.Support;
using MimeKit;

namespace Mailroom.Mail.Tests.Ews;

public sealed class EwsOperationTests
{
    [Fact]
    public async Task Send_delivers_the_mime_with_every_header_and_keeps_bcc_out_of_it()
    {
        await using var context = await EwsTestContext.StartAsync();
        await using var transport = await context.Factory().OpenOutgoingAsync(context.Server.Account(), CancellationToken.None);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(EwsTestServer.User));
        message.To.Add(MailboxAddress.Parse("customer@example.org"));
        message.Bcc.Add(MailboxAddress.Parse("audit@example.com"));
        message.Subject = "Your request {CMI: ABCD1234}";
        message.MessageId = "r42.1@mailroom.example";
        message.InReplyTo = "original@example.org";
        message.Headers.Add("X-Mailroom-Record", "42");
        message.Body = new TextPart("plain") { Text = "Grüße" };

        var outcome = await transport.SendAsync(message, CancellationToken.None);

        Assert.Empty(outcome.RejectedRecipients);
        var (mime, bcc) = Assert.Single(context.Server.Mailbox.Sent);
        var sent = MimeMessage.Load(new MemoryStream(mime));
        Assert.Equal("Your request {CMI: ABCD1234}", sent.Subject);
        Assert.Equal("r42.1@mailroom.example", sent.MessageId);
        Assert.Equal("original@example.org", sent.InReplyTo);
        Assert.Equal("42", sent.Headers["X-Mailroom-Record"]);
        Assert.Equal("Grüße", sent.TextBody?.Trim());
        Assert.Empty(sent.Bcc);
        Assert.Equal(["audit@example.com"], bcc);
        var create = Assert.Single(context.Server.Requests, r => r.Operation == "CreateItem");
        Assert.Equal("SendAndSaveCopy", (string?)create.Body.Attribute("MessageDisposition"));
        Assert.Single(context.Server.Mailbox.SentItems.Items);
    }

    [Fact]
    public async Task FindItem_pages_through_a_view_larger_than_one_page()
    {
        await using var context = await EwsTestContext.StartAsync();
        var unread = Enumerable.Range(1, 7).Select(i => context.Server.Mailbox.Deliver($"Unread {i}")).ToList();
        context.Server.Mailbox.Deliver("Already read", isRead: true);
        using var client = context.Client(context.Options() with { PageSize = 3 });

        var items = await client.FindAllItemsAsync(EwsFolder.Inbox, unreadOnly: true, CancellationToken.None);

        Assert.Equal(unread.Select(i => i.Id), items.Select(i => i.ItemId.Id));
        var offsets = context.Server.Requests.Where(r => r.Operation == "FindItem")
            .Select(r => (string?)r.Body.Element(EwsTestXml.M + "IndexedPageItemView")!.Attribute("Offset")).ToList();
        Assert.Equal(["0", "3", "6"], offsets);

        var all = await client.FindAllItemsAsync(EwsFolder.Inbox, unreadOnly: false, CancellationToken.None);
        Assert.Equal(8, all.Count);
    }

    [Fact]
    public async Task Opening_a_message_streams_its_exact_mime_from_a_temporary_file_that_goes_away()
    {
        await using var context = await EwsTestContext.StartAsync();
        var temp = Directory.CreateTempSubdirectory("mailroom-ews-test-");
        try
        {
            var body = string.Join("\r\n", Enumerable.Range(0, 4000).Select(i => $"Line {i} of a long message with some text in it."));
            var item = context.Server.Mailbox.Deliver("Large", body: body);
            await using var mailbox = await context.Factory(context.Options() with { TempDirectory = temp.FullName })
                .OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
            var listing = await mailbox.ListAsync(null, CancellationToken.None);
            var listed = Assert.Single(listing.Messages);
            Assert.Equal(item.Id, listed.MailboxId);
            Assert.Equal(item.Mime.Length, listed.Size);
            Assert.Equal(MimeMessage.Load(new MemoryStream(item.Mime)).MessageId, listed.MessageId);

            await using (var stream = await mailbox.OpenOneAsync(listed, CancellationToken.None))
            {
                var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                Assert.Equal(item.Mime, copy.ToArray());
                Assert.Single(temp.GetFiles());
            }

            Assert.Empty(temp.GetFiles());
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_yielded_with_the_reason_and_left_unread()
    {
        await using var context = await EwsTestContext.StartAsync();
        var item = context.Server.Mailbox.Deliver("Huge", body: new string('x', 20_000));
        await using var mailbox = await context.Factory(context.Options() with { MaxMessageBytes = 10_000 })
            .OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
        var listed = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);

        // Without a size from the listing, the download itself stops at the limit. Either way the message is
        // yielded with the reason (the monitor sets it aside) and the batch goes on.
        var fetched = await mailbox.FetchAsync([listed, listed with { Size = null }], CancellationToken.None).Select(f => (f.Content, f.Failure)).ToListAsync();

        Assert.Equal(2, fetched.Count);
        Assert.All(fetched, f => Assert.Null(f.Content));
        Assert.Contains("limit for downloads; it was not downloaded", fetched[0].Failure, StringComparison.Ordinal);
        Assert.Contains("is larger than the", fetched[1].Failure, StringComparison.Ordinal);
        Assert.False(item.IsRead);
    }

    [Fact]
    public async Task Mark_read_sets_the_read_flag_and_survives_a_stale_change_key()
    {
        await using var context = await EwsTestContext.StartAsync();
        var first = context.Server.Mailbox.Deliver("One");
        var second = context.Server.Mailbox.Deliver("Two");
        await using var mailbox = await context.Factory().OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;
        second.ChangeVersion++; // changed on the server after it was listed

        await mailbox.CompleteAsync(listed[0], PostAction.MarkRead, CancellationToken.None);
        await mailbox.CompleteAsync(listed[1], PostAction.MarkRead, CancellationToken.None);

        Assert.True(first.IsRead);
        Assert.True(second.IsRead);
        var update = context.Server.Requests.First(r => r.Operation == "UpdateItem");
        Assert.Equal("message:IsRead", (string?)update.Body.Descendants(EwsTestXml.T + "FieldURI").Single().Attribute("FieldURI"));
    }

    [Fact]
    public async Task Move_creates_the_named_folder_once_and_moves_into_it()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Mailbox.Deliver("One");
        context.Server.Mailbox.Deliver("Two");
        await using var mailbox = await context.Factory().OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;

        foreach (var message in listed)
        {
            await mailbox.CompleteAsync(message, PostAction.MoveTo("Processed"), CancellationToken.None);
        }

        var processed = Assert.Single(context.Server.Mailbox.Children(context.Server.Mailbox.Root.Id), f => f.Name == "Processed");
        Assert.Equal(2, processed.Items.Count);
        Assert.Empty(context.Server.Mailbox.Inbox.Items);
        Assert.Single(context.Server.Requests, r => r.Operation == "CreateFolder");
        Assert.Single(context.Server.Requests, r => r.Operation == "FindFolder");
    }

    [Fact]
    public async Task Move_uses_an_existing_folder_found_by_name()
    {
        await using var context = await EwsTestContext.StartAsync();
        var existing = context.Server.Mailbox.AddFolder("Handled");
        context.Server.Mailbox.Deliver("One");
        await using var mailbox = await context.Factory().OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
        var message = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);

        await mailbox.CompleteAsync(message, PostAction.MoveTo("handled"), CancellationToken.None);

        Assert.Single(existing.Items);
        Assert.DoesNotContain(context.Server.Requests, r => r.Operation == "CreateFolder");
    }

    [Theory]
    [InlineData(ExchangeDeleteType.MoveToDeletedItems)]
    [InlineData(ExchangeDeleteType.SoftDelete)]
    [InlineData(ExchangeDeleteType.HardDelete)]
    public async Task Delete_sends_the_configured_delete_type(ExchangeDeleteType deleteType)
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Mailbox.Deliver("One");
        await using var mailbox = await context.Factory(context.Options() with { DeleteType = deleteType })
            .OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
        var message = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);

        await mailbox.CompleteAsync(message, PostAction.Delete, CancellationToken.None);
        // Deleting again finds it gone, which counts as done.
        await mailbox.CompleteAsync(message, PostAction.Delete, CancellationToken.None);

        Assert.Empty(context.Server.Mailbox.Inbox.Items);
        Assert.Equal(deleteType == ExchangeDeleteType.MoveToDeletedItems ? 1 : 0, context.Server.Mailbox.DeletedItems.Items.Count);
        var delete = context.Server.Requests.First(r => r.Operation == "DeleteItem");
        Assert.Equal(deleteType.ToString(), (string?)delete.Body.Attribute("DeleteType"));
    }

    [Fact]
    public async Task Listing_with_the_checkpoint_returns_only_what_arrived_since()
    {
        await using var context = await EwsTestContext.StartAsync();
        var mailboxData = context.Server.Mailbox;
        var old = Enumerable.Range(1, 5).Select(i => mailboxData.Deliver($"Old {i}")).ToList();
        mailboxData.Deliver("Read by hand", isRead: true);
        await using var mailbox = await context.Factory(context.Options() with { PageSize = 2 })
            .OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);

        var first = await mailbox.ListAsync(null, CancellationToken.None);
        Assert.Equal(old.Select(i => i.Id), first.Messages.Select(m => m.MailboxId));
        Assert.False(first.CheckpointReset);
        Assert.Equal(3, context.Server.Requests.Count(r => r.Operation == "SyncFolderItems"));

        var fresh = mailboxData.Deliver("New");
        var second = await mailbox.ListAsync(first.Checkpoint, CancellationToken.None);
        Assert.Equal([fresh.Id], second.Messages.Select(m => m.MailboxId));

        var third = await mailbox.ListAsync(second.Checkpoint, CancellationToken.None);
        Assert.Empty(third.Messages);
        Assert.NotNull(third.Checkpoint);
    }

    [Fact]
    public async Task An_invalid_sync_state_resets_the_checkpoint_and_lists_the_folder_afresh()
    {
        await using var context = await EwsTestContext.StartAsync();
        var items = Enumerable.Range(1, 3).Select(i => context.Server.Mailbox.Deliver($"Mail {i}")).ToList();
        await using var mailbox = await context.Factory().OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
        var first = await mailbox.ListAsync(null, CancellationToken.None);
        context.Server.Mailbox.ForgetSyncStates();

        var again = await mailbox.ListAsync(first.Checkpoint, CancellationToken.None);

        Assert.True(again.CheckpointReset);
        Assert.Equal(items.Select(i => i.Id), again.Messages.Select(m => m.MailboxId));
        var next = await mailbox.ListAsync(again.Checkpoint, CancellationToken.None);
        Assert.False(next.CheckpointReset);
        Assert.Empty(next.Messages);
        Assert.Contains(context.Log.Entries, e => e.Id.Id == 7104);
    }

    [Fact]
    public async Task A_named_folder_is_found_under_the_mailbox_root_and_a_missing_one_is_reported()
    {
        await using var context = await EwsTestContext.StartAsync();
        var support = context.Server.Mailbox.AddFolder("Support");
        var item = context.Server.Mailbox.Deliver("In support", folder: support);
        context.Server.Mailbox.Deliver("In inbox");

        await using (var mailbox = await context.Factory().OpenIncomingAsync(context.Server.Account(), "Support", CancellationToken.None))
        {
            var listing = await mailbox.ListAsync(null, CancellationToken.None);
            Assert.Equal([item.Id], listing.Messages.Select(m => m.MailboxId));
        }

        var missing = await Assert.ThrowsAsync<MailConnectionException>(() =>
            context.Factory().OpenIncomingAsync(context.Server.Account(), "Nowhere", CancellationToken.None));
        Assert.Equal(MailFailureKind.FolderNotFound, missing.Kind);
        Assert.Contains("Nowhere", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_start_at_Exchange2007_SP1_and_move_up_to_what_the_server_reports()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Mailbox.Deliver("One");
        await using var mailbox = await context.Factory().OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
        await mailbox.ListAsync(null, CancellationToken.None);

        var requests = context.Server.Requests.ToList();
        Assert.Equal("Exchange2007_SP1", requests[0].RequestServerVersion);
        Assert.Equal("Exchange2013_SP1", requests[^1].RequestServerVersion);
        Assert.NotNull(requests[^1].Body.Element(EwsTestXml.M + "SyncScope"));
    }

    [Fact]
    public async Task Against_Exchange_2007_every_request_stays_within_its_schema()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Version = EwsTestServerVersion.Exchange2007;
        var item = context.Server.Mailbox.Deliver("One");
        await using var mailbox = await context.Factory().OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);

        var listing = await mailbox.ListAsync(null, CancellationToken.None);
        await mailbox.CompleteAsync(listing.Messages[0], PostAction.MarkRead, CancellationToken.None);

        Assert.True(item.IsRead);
        Assert.All(context.Server.Requests, r => Assert.Equal("Exchange2007_SP1", r.RequestServerVersion));
        Assert.Null(context.Server.Requests.Single(r => r.Operation == "SyncFolderItems").Body.Element(EwsTestXml.M + "SyncScope"));
    }

    [Fact]
    public async Task Responses_are_read_by_namespace_whatever_prefixes_the_server_uses()
    {
        await using var context = await EwsTestContext.StartAsync();
        using var client = context.Client();

        var inbox = await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal("inbox", inbox.FolderId);
        Assert.Equal("Inbox", inbox.DisplayName);
        Assert.Equal(new EwsServerVersion(15, 2, 1118, 7, "V2017_07_11"), client.ServerVersion);
    }
}
