using System.Net;
using System.Text.Json;
using Mailroom.Mail.Graph;
using static Mailroom.Mail.Tests.Graph.GraphScript;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>Listing by delta query, folders by name, MIME by $value and post-actions in $batch, against recorded Graph answers.</summary>
public sealed class GraphMailboxTests
{
    private static readonly string Next = $"{GraphTestContext.Root}/v1.0/users/{GraphTestContext.Mailbox}/mailFolders('inbox-id')/messages/delta?$skiptoken=Pg0aXyZ-page2";
    private static readonly string DeltaLink = $"{GraphTestContext.Root}/v1.0/users/{GraphTestContext.Mailbox}/mailFolders('inbox-id')/messages/delta?$deltatoken=Zt9-round1";
    private static readonly string DeltaLink2 = $"{GraphTestContext.Root}/v1.0/users/{GraphTestContext.Mailbox}/mailFolders('inbox-id')/messages/delta?$deltatoken=Zt9-round2";

    private static string Page(string? next, string? delta, params string[] items) =>
        "{\"@odata.context\":\"x\"" + (next is null ? "" : $",\"@odata.nextLink\":\"{next}\"") + (delta is null ? "" : $",\"@odata.deltaLink\":\"{delta}\"")
        + ",\"value\":[" + string.Join(",", items) + "]}";

    private static string Message(string id, string received, bool? isRead = false, string? messageId = null) =>
        $"{{\"@odata.type\":\"#microsoft.graph.message\",\"id\":\"{id}\",\"receivedDateTime\":\"{received}\",\"isRead\":{(isRead is null ? "\"true\"" : isRead.Value ? "true" : "false")},\"internetMessageId\":\"{messageId ?? $"<{id}@contoso.example>"}\"}}";

    private static string Removed(string id) => $"{{\"id\":\"{id}\",\"@removed\":{{\"reason\":\"deleted\"}}}}";

    [Fact]
    public async Task The_first_listing_follows_every_next_link_as_given_and_returns_the_delta_link_as_checkpoint()
    {
        var context = new GraphTestContext();
        context.Script
            .On(r => r.Url.Query.Contains("skiptoken", StringComparison.Ordinal), Ok(Page(null, DeltaLink, Message("AAMk-3", "2026-12-01T09:00:03Z"))))
            .On("GET", "/messages/delta", Ok(Page(Next, null, Message("AAMk-2", "2026-12-01T09:00:02Z"), Message("AAMk-1", "2026-12-01T09:00:01Z"))));
        await using var mailbox = context.OpenMailbox();

        var listing = await mailbox.ListAsync(null, CancellationToken.None);

        Assert.Equal(["AAMk-1", "AAMk-2", "AAMk-3"], listing.Messages.Select(m => m.MailboxId));
        Assert.Equal("<AAMk-1@contoso.example>", listing.Messages[0].MessageId);
        Assert.Equal(DeltaLink, listing.Checkpoint);
        Assert.False(listing.CheckpointReset);
        var requests = context.Script.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(GraphTestContext.User("mailFolders/inbox-id/messages/delta"), requests[0].Path);
        Assert.Contains("$select=id,internetMessageId,isRead,receivedDateTime", Uri.UnescapeDataString(requests[0].Url.Query), StringComparison.Ordinal);
        Assert.Equal(Next, requests[1].Url.OriginalString);
        Assert.All(requests, r => Assert.Contains("odata.maxpagesize=50", r.Header("Prefer"), StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Contains("IdType=\"ImmutableId\"", r.Header("Prefer"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_later_round_starts_from_the_stored_link_and_skips_removed_read_and_repeated_entries()
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "deltatoken=Zt9-round1", Ok(Page(null, DeltaLink2,
            Removed("AAMk-1"),
            Message("AAMk-4", "2026-12-02T10:00:00Z"),
            Message("AAMk-5", "2026-12-02T09:00:00Z", isRead: true),
            Message("AAMk-6", "2026-12-02T08:00:00Z", isRead: null),
            Message("AAMk-7", "2026-12-02T07:00:00Z"),
            Removed("AAMk-7"),
            Message("AAMk-4", "2026-12-02T10:00:00Z"))));
        await using var mailbox = context.OpenMailbox();

        var listing = await mailbox.ListAsync(DeltaLink, CancellationToken.None);

        // AAMk-6 is read ("true" as a string, as Graph's own samples show); AAMk-7 came and went in the same round.
        Assert.Equal(["AAMk-4"], listing.Messages.Select(m => m.MailboxId));
        Assert.Equal(DeltaLink2, listing.Checkpoint);
        Assert.Equal(DeltaLink, Assert.Single(context.Script.Requests).Url.OriginalString);
    }

    [Theory]
    [InlineData(410, "syncStateNotFound")]
    [InlineData(400, "syncStateNotFound")]
    [InlineData(400, "resyncRequired")]
    public async Task An_expired_delta_link_lists_the_folder_afresh_and_says_the_checkpoint_was_reset(int status, string code)
    {
        var context = new GraphTestContext();
        context.Script
            .On("GET", "deltatoken=Zt9-round1", Error(status, code, "The sync state generation is not found."))
            .On("GET", "/messages/delta", Ok(Page(null, DeltaLink2, Message("AAMk-1", "2026-12-01T09:00:01Z"))));
        await using var mailbox = context.OpenMailbox();

        var listing = await mailbox.ListAsync(DeltaLink, CancellationToken.None);

        Assert.True(listing.CheckpointReset);
        Assert.Equal(["AAMk-1"], listing.Messages.Select(m => m.MailboxId));
        Assert.Equal(DeltaLink2, listing.Checkpoint);
    }

    [Fact]
    public async Task A_stored_link_to_another_host_is_never_sent_the_token_and_the_folder_is_listed_afresh()
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/messages/delta", Ok(Page(null, DeltaLink2)));
        await using var mailbox = context.OpenMailbox();

        var listing = await mailbox.ListAsync("https://elsewhere.example/v1.0/users/x/mailFolders/y/messages/delta?$deltatoken=1", CancellationToken.None);

        Assert.True(listing.CheckpointReset);
        Assert.All(context.Script.Requests, r => Assert.Equal("graph.test.example", r.Url.Host));
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed()
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/messages/delta", Ok(Page("https://elsewhere.example/steal?$skiptoken=1", null)));
        await using var mailbox = context.OpenMailbox();

        var ex = await Assert.ThrowsAsync<MailConnectionException>(() => mailbox.ListAsync(null, CancellationToken.None));

        Assert.Contains("elsewhere.example", ex.Message, StringComparison.Ordinal);
        Assert.Single(context.Script.Requests);
    }

    [Fact]
    public async Task Messages_are_read_from_their_value_as_mime_and_one_gone_is_yielded_with_its_reason()
    {
        var context = new GraphTestContext();
        const string mime = "From: a@contoso.example\r\nTo: helpdesk@contoso.example\r\nSubject: Printer\r\nMessage-ID: <p1@contoso.example>\r\n\r\nIt is on fire.\r\n";
        context.Script.On("GET", "/messages/AAMk-1/$value", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(mime) });
        await using var mailbox = context.OpenMailbox();

        var texts = new List<string?>();
        var failures = new List<string?>();
        await foreach (var fetched in mailbox.FetchAsync([new MailboxMessage("AAMk-1", null), new MailboxMessage("AAMk-gone", null)], CancellationToken.None))
        {
            texts.Add(fetched.Content is null ? null : await new StreamReader(fetched.Content).ReadToEndAsync(CancellationToken.None));
            failures.Add(fetched.Failure);
        }

        Assert.Equal([mime, null], texts);
        Assert.Null(failures[0]);
        Assert.Contains("ResourceNotFound", failures[1], StringComparison.Ordinal);
        Assert.Equal(GraphTestContext.User("messages/AAMk-1/$value"), context.Script.Requests[0].Path);
    }

    [Fact]
    public async Task Marking_45_messages_read_takes_three_batches_of_at_most_20_patches()
    {
        var context = new GraphTestContext();
        context.Script.On("POST", "/v1.0/$batch", AllOk);
        await using var mailbox = context.OpenMailbox();
        var messages = Enumerable.Range(1, 45).Select(i => new MailboxMessage($"AAMk-{i}", null)).ToList();

        var failures = await mailbox.CompleteAsync(messages, PostAction.MarkRead, CancellationToken.None);

        Assert.Empty(failures);
        var batches = context.Script.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("requests")).ToList();
        Assert.Equal([20, 20, 5], batches.Select(b => b.GetArrayLength()));
        var first = batches[0][0];
        Assert.Equal("PATCH", first.GetProperty("method").GetString());
        Assert.Equal($"/users/{GraphTestContext.Mailbox}/messages/AAMk-1", first.GetProperty("url").GetString());
        Assert.True(first.GetProperty("body").GetProperty("isRead").GetBoolean());
        Assert.Equal("application/json", first.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal("IdType=\"ImmutableId\"", first.GetProperty("headers").GetProperty("Prefer").GetString());
        Assert.All(context.Script.Requests, r => Assert.Equal($"{GraphTestContext.Root}/v1.0/$batch", r.Url.ToString()));
    }

    [Fact]
    public async Task A_throttled_sub_request_is_sent_again_alone_after_its_retry_after_and_others_are_not_repeated()
    {
        var context = new GraphTestContext();
        var round = 0;
        context.Script.On("POST", "/v1.0/$batch", request =>
        {
            round++;
            var ids = Ids(request);
            return Ok("{\"responses\":[" + string.Join(",", ids.Select(id => round == 1 && id == "1"
                ? $"{{\"id\":\"{id}\",\"status\":429,\"headers\":{{\"retry-after\":\"9\",\"Content-Type\":\"application/json\"}},\"body\":{{\"error\":{{\"code\":\"ApplicationThrottled\",\"message\":\"Application is over its MailboxConcurrency limit.\"}}}}}}"
                : $"{{\"id\":\"{id}\",\"status\":204,\"headers\":{{}}}}")) + "]}")(request);
        });
        await using var mailbox = context.OpenMailbox();

        var failures = await mailbox.CompleteAsync([new("AAMk-a", null), new("AAMk-b", null), new("AAMk-c", null)], PostAction.Delete, CancellationToken.None);

        Assert.Empty(failures);
        Assert.Contains(TimeSpan.FromSeconds(9), context.Time.Waits);
        var second = JsonDocument.Parse(context.Script.Requests[1].Body).RootElement.GetProperty("requests");
        var only = Assert.Single(second.EnumerateArray());
        Assert.Equal("DELETE", only.GetProperty("method").GetString());
        Assert.EndsWith("/messages/AAMk-b", only.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_already_gone_counts_as_done_and_a_refused_one_is_returned_with_graphs_words()
    {
        var context = new GraphTestContext();
        context.Script.On("POST", "/v1.0/$batch", Ok("""
            {"responses":[
              {"id":"1","status":403,"headers":{"Content-Type":"application/json"},"body":{"error":{"code":"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}}},
              {"id":"0","status":404,"headers":{"Content-Type":"application/json"},"body":{"error":{"code":"ErrorItemNotFound","message":"The specified object was not found in the store."}}}
            ]}
            """));
        await using var mailbox = context.OpenMailbox();

        var failures = await mailbox.CompleteAsync([new("AAMk-gone", null), new("AAMk-locked", null)], PostAction.MarkRead, CancellationToken.None);

        var failure = Assert.Single(failures);
        Assert.Equal("AAMk-locked", failure.Message.MailboxId);
        Assert.Contains("ErrorAccessDenied: Access is denied.", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_creates_the_missing_target_folder_once_and_moves_by_its_id()
    {
        var context = new GraphTestContext();
        context.Script
            .On("GET", "/mailFolders/inbox/childFolders", Ok("""{"value":[]}"""))
            .On("GET", "/mailFolders/inbox", Ok("""{"id":"inbox-id","displayName":"Inbox"}"""))
            .On("GET", "/mailFolders?", Ok("""{"value":[{"id":"inbox-id","displayName":"Inbox"},{"id":"arch-id","displayName":"Archive"}]}"""))
            .On("POST", "/mailFolders", Json(HttpStatusCode.Created, """{"id":"done-id","displayName":"Done","parentFolderId":"root-id"}"""))
            .On("POST", "/v1.0/$batch", AllOk);
        await using var mailbox = context.OpenMailbox();

        Assert.Empty(await mailbox.CompleteAsync([new("AAMk-1", null)], PostAction.MoveTo("Done"), CancellationToken.None));
        Assert.Empty(await mailbox.CompleteAsync([new("AAMk-2", null)], PostAction.MoveTo("Done"), CancellationToken.None));

        var create = Assert.Single(context.Script.Requests, r => r.Method == HttpMethod.Post && r.Path.EndsWith("/mailFolders", StringComparison.Ordinal));
        Assert.Equal("Done", JsonDocument.Parse(create.Body).RootElement.GetProperty("displayName").GetString());
        var moves = context.Script.Requests.Where(r => r.Path.EndsWith("$batch", StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("requests")[0]).ToList();
        Assert.All(moves, m => Assert.Equal("done-id", m.GetProperty("body").GetProperty("destinationId").GetString()));
        Assert.EndsWith("/messages/AAMk-1/move", moves[0].GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_made_by_someone_else_meanwhile_is_used_when_creating_it_answers_folder_exists()
    {
        var context = new GraphTestContext();
        var listed = 0;
        context.Script
            .On("GET", "/mailFolders/inbox/childFolders", Ok("""{"value":[]}"""))
            .On("GET", "/mailFolders/inbox", Ok("""{"id":"inbox-id","displayName":"Inbox"}"""))
            .On("GET", "/mailFolders?", r => Ok(listed++ == 0 ? """{"value":[]}""" : """{"value":[{"id":"done-2","displayName":"done"}]}""")(r))
            .On("POST", "/mailFolders", Error(409, "ErrorFolderExists", "A folder with the specified name already exists."))
            .On("POST", "/v1.0/$batch", AllOk);
        await using var mailbox = context.OpenMailbox();

        Assert.Empty(await mailbox.CompleteAsync([new("AAMk-1", null)], PostAction.MoveTo("Done"), CancellationToken.None));

        var move = JsonDocument.Parse(context.Script.Requests.Last().Body).RootElement.GetProperty("requests")[0];
        Assert.Equal("done-2", move.GetProperty("body").GetProperty("destinationId").GetString());
    }

    [Theory]
    [InlineData(null, "inbox")]
    [InlineData("Inbox", "inbox")]
    [InlineData("Deleted Items", "deleteditems")]
    [InlineData("junkemail", "junkemail")]
    public async Task A_well_known_folder_is_opened_by_its_well_known_name(string? folder, string wellKnown)
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/messages/delta", Ok(Page(null, DeltaLink)));
        context.Script.On("GET", "/mailFolders/" + wellKnown, Ok($$"""{"id":"{{wellKnown}}-id","displayName":"x"}"""));

        await using var mailbox = await context.Factory().OpenIncomingAsync(context.Account, folder, CancellationToken.None);
        await mailbox.ListAsync(null, CancellationToken.None);

        Assert.Equal(GraphTestContext.User($"mailFolders/{wellKnown}-id/messages/delta"), context.Script.Requests.Last().Path);
    }

    [Fact]
    public async Task A_folder_by_display_name_is_found_under_the_inbox_and_a_missing_one_is_named()
    {
        var context = new GraphTestContext();
        context.Script
            .On("GET", "/mailFolders/inbox-id/childFolders", Ok("""{"value":[{"id":"support-id","displayName":"Support"}]}"""))
            .On("GET", "/mailFolders/inbox", Ok("""{"id":"inbox-id","displayName":"Inbox"}"""))
            .On("GET", "/mailFolders?", Ok("""{"value":[{"id":"inbox-id","displayName":"Inbox"}]}"""))
            .On("GET", "/messages/delta", Ok(Page(null, DeltaLink)));

        await using (var mailbox = await context.Factory().OpenIncomingAsync(context.Account, "support", CancellationToken.None))
        {
            await mailbox.ListAsync(null, CancellationToken.None);
        }

        Assert.Equal(GraphTestContext.User("mailFolders/support-id/messages/delta"), context.Script.Requests.Last().Path);
        var ex = await Assert.ThrowsAsync<MailConnectionException>(() => context.Factory().OpenIncomingAsync(context.Account, "Billing", CancellationToken.None));
        Assert.Equal(MailFailureKind.FolderNotFound, ex.Kind);
        Assert.Contains("'Billing'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mailbox_the_application_may_not_use_fails_to_open_naming_the_permissions()
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/mailFolders/inbox", Error(403, "ErrorAccessDenied", "Access to OData is disabled."));

        var ex = await Assert.ThrowsAsync<MailConnectionException>(() => context.Factory().OpenIncomingAsync(context.Account, null, CancellationToken.None));

        Assert.Equal(MailFailureKind.AuthenticationFailed, ex.Kind);
        Assert.Contains("ErrorAccessDenied: Access to OData is disabled.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Mail.ReadWrite", ex.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Ids(GraphRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();

    private static HttpResponseMessage AllOk(GraphRequest request) =>
        Ok("{\"responses\":[" + string.Join(",", Ids(request).Select(id => $"{{\"id\":\"{id}\",\"status\":200,\"headers\":{{}},\"body\":{{}}}}")) + "]}")(request);
}
