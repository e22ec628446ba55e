using System.Net;
using System.Text.Json.Nodes;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>Delta query on a folder's messages as message-delta.md, delta-query-messages.md and
/// delta-query-overview.md describe it.</summary>
public sealed class GraphServerDeltaTests
{
    private const string Desk = "desk@contoso.test";
    private const string Select = "$select=id,internetMessageId,isRead,parentFolderId,receivedDateTime";

    [Fact]
    public async Task A_first_round_pages_by_maxpagesize_through_next_links_as_given_and_ends_with_a_delta_link()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var added = Enumerable.Range(1, 5).Select(i => mailbox.AddMessage(GraphTestMail.Message($"m{i}"))).ToList();
        using var http = new GraphHttp(server, server.AppToken());

        var (pages, items, deltaLink) = await RoundAsync(http, $"users/{Desk}/mailFolders/inbox/messages/delta?{Select}", "odata.maxpagesize=2");

        Assert.Equal([2, 2, 1], pages.Select(p => p.Values.Count));
        Assert.All(pages, p => Assert.Equal("odata.maxpagesize=2", p.Header("Preference-Applied")));
        Assert.All(pages[..^1], p => Assert.Contains("$skiptoken=", p.Json["@odata.nextLink"]!.GetValue<string>()));
        Assert.Contains("$deltatoken=", deltaLink);
        Assert.Equal(added.Select(m => m.RestId).Order(StringComparer.Ordinal), items.Select(i => i["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var first = items[0].AsObject().Select(p => p.Key).Where(k => !k.StartsWith('@')).Order();
        Assert.Equal(["id", "internetMessageId", "isRead", "parentFolderId", "receivedDateTime"], first);
    }

    [Fact]
    public async Task The_next_round_returns_only_changes_and_messages_gone_or_moved_away_as_removed_under_the_id_known()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var read = mailbox.AddMessage(GraphTestMail.Message("to be read"));
        var deleted = mailbox.AddMessage(GraphTestMail.Message("to be deleted"));
        var moved = mailbox.AddMessage(GraphTestMail.Message("to be moved"));
        mailbox.AddMessage(GraphTestMail.Message("unchanged"));
        using var http = new GraphHttp(server, server.AppToken());
        var (_, _, deltaLink) = await RoundAsync(http, $"users/{Desk}/mailFolders/inbox/messages/delta?{Select}", "odata.maxpagesize=50");

        mailbox.MarkRead(read.ImmutableId);
        mailbox.Delete(deleted.ImmutableId);
        mailbox.Move(moved.ImmutableId, "archive");
        var arrived = mailbox.AddMessage(GraphTestMail.Message("new"));
        var (_, items, nextDelta) = await RoundAsync(http, deltaLink, "odata.maxpagesize=50");

        var removed = items.Where(i => i["@removed"] is not null).ToList();
        var present = items.Where(i => i["@removed"] is null).ToList();
        Assert.Equal(new[] { deleted.RestId, moved.RestId }.Order(StringComparer.Ordinal), removed.Select(i => i["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(removed, i => Assert.Equal("deleted", i["@removed"]!["reason"]!.GetValue<string>()));
        Assert.Equal(new[] { arrived.RestId, read.RestId }.Order(StringComparer.Ordinal), present.Select(i => i["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.True(present.Single(i => i["id"]!.GetValue<string>() == read.RestId)["isRead"]!.GetValue<bool>());
        var (_, quiet, _) = await RoundAsync(http, nextDelta, null);
        Assert.Empty(quiet);
    }

    [Fact]
    public async Task With_immutable_ids_delta_and_removals_use_the_immutable_id()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("Hello"));
        using var http = new GraphHttp(server, server.AppToken());
        var prefer = GraphHttp.Immutable + ", odata.maxpagesize=10";

        var (_, first, deltaLink) = await RoundAsync(http, $"users/{Desk}/mailFolders/inbox/messages/delta?{Select}", prefer);
        mailbox.Move(message.ImmutableId, "archive");
        var (_, second, _) = await RoundAsync(http, deltaLink, prefer);

        Assert.Equal(message.ImmutableId, Assert.Single(first)["id"]!.GetValue<string>());
        var removal = Assert.Single(second);
        Assert.Equal(message.ImmutableId, removal["id"]!.GetValue<string>());
        Assert.NotNull(removal["@removed"]);
    }

    [Fact]
    public async Task ChangeType_created_of_the_first_request_is_kept_in_the_links_and_later_rounds_return_only_new_messages()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var old = mailbox.AddMessage(GraphTestMail.Message("old"));
        var gone = mailbox.AddMessage(GraphTestMail.Message("gone"));
        using var http = new GraphHttp(server, server.AppToken());

        var (_, first, deltaLink) = await RoundAsync(http, $"users/{Desk}/mailFolders/inbox/messages/delta?changeType=created&$select=subject", "odata.maxpagesize=1");
        mailbox.MarkRead(old.ImmutableId);
        mailbox.Delete(gone.ImmutableId);
        var arrived = mailbox.AddMessage(GraphTestMail.Message("arrived"));
        var (_, second, _) = await RoundAsync(http, deltaLink, null);

        Assert.Equal(2, first.Count);
        Assert.Equal(arrived.RestId, Assert.Single(second)["id"]!.GetValue<string>());
        Assert.Equal("arrived", second[0]["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_next_link_asked_for_twice_gives_the_same_page_again()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        for (var i = 0; i < 3; i++)
        {
            mailbox.AddMessage(GraphTestMail.Message($"m{i}"));
        }

        using var http = new GraphHttp(server, server.AppToken());
        var first = await http.GetAsync($"users/{Desk}/mailFolders/inbox/messages/delta", "odata.maxpagesize=1");
        var next = first.Json["@odata.nextLink"]!.GetValue<string>();

        var once = await http.GetAsync(next, "odata.maxpagesize=1");
        var twice = await http.GetAsync(next, "odata.maxpagesize=1");

        Assert.Equal(once.Values[0]!["id"]!.GetValue<string>(), twice.Values[0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replayed_round_hands_out_the_previous_changes_again_before_the_new_ones()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var first = mailbox.AddMessage(GraphTestMail.Message("first"));
        using var http = new GraphHttp(server, server.AppToken());
        var (_, _, deltaLink) = await RoundAsync(http, $"users/{Desk}/mailFolders/inbox/messages/delta?$select=subject", null);
        var second = mailbox.AddMessage(GraphTestMail.Message("second"));
        var (_, round2, link2) = await RoundAsync(http, deltaLink, null);

        mailbox.ReplayDeltaChanges();
        var third = mailbox.AddMessage(GraphTestMail.Message("third"));
        var (_, replayed, link3) = await RoundAsync(http, link2, null);
        var (_, after, _) = await RoundAsync(http, link3, null);

        Assert.Equal([second.RestId], round2.Select(i => i["id"]!.GetValue<string>()));
        Assert.Equal([second.RestId, third.RestId], replayed.Select(i => i["id"]!.GetValue<string>()));
        Assert.Empty(after);
        Assert.DoesNotContain(first.RestId, replayed.Select(i => i["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_expired_or_unknown_delta_token_is_answered_410_syncStateNotFound()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        mailbox.AddMessage(GraphTestMail.Message("Hello"));
        using var http = new GraphHttp(server, server.AppToken());
        var (_, _, deltaLink) = await RoundAsync(http, $"users/{Desk}/mailFolders/inbox/messages/delta", null);

        mailbox.ExpireDeltaTokens();
        var expired = await http.GetAsync(deltaLink);
        var unknown = await http.GetAsync($"users/{Desk}/mailFolders/inbox/messages/delta?$deltatoken=made-up");

        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Equal("syncStateNotFound", expired.ErrorCode);
        Assert.Equal(HttpStatusCode.Gone, unknown.Status);
        Assert.Equal("syncStateNotFound", unknown.ErrorCode);
    }

    [Fact]
    public async Task A_synchronization_reset_is_410_with_a_location_that_starts_a_full_round_again()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        mailbox.AddMessage(GraphTestMail.Message("one"));
        mailbox.AddMessage(GraphTestMail.Message("two"));
        using var http = new GraphHttp(server, server.AppToken());
        var (_, _, deltaLink) = await RoundAsync(http, $"users/{Desk}/mailFolders/inbox/messages/delta?$select=subject", null);

        mailbox.RequireResync();
        var reset = await http.GetAsync(deltaLink);
        var location = reset.Header("Location")!;
        var (_, again, _) = await RoundAsync(http, location, null);

        Assert.Equal(HttpStatusCode.Gone, reset.Status);
        Assert.Equal("resyncRequired", reset.ErrorCode);
        Assert.EndsWith("$deltatoken=", location);
        Assert.Equal(["one", "two"], again.Select(i => i["subject"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Delta_of_an_unknown_folder_or_with_an_unknown_select_is_refused()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());

        var folder = await http.GetAsync($"users/{Desk}/mailFolders/Done/messages/delta");
        var select = await http.GetAsync($"users/{Desk}/mailFolders/inbox/messages/delta?$select=colour");

        Assert.Equal("ErrorInvalidIdMalformed", folder.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, select.Status);
        Assert.Equal("RequestBroker--ParseUri", select.ErrorCode);
    }

    /// <summary>Follows a round to its delta link as a client must, every next link as given.</summary>
    private static async Task<(List<GraphReply> Pages, List<JsonNode> Items, string DeltaLink)> RoundAsync(GraphHttp http, string url, string? prefer)
    {
        var pages = new List<GraphReply>();
        var items = new List<JsonNode>();
        while (true)
        {
            Assert.True(pages.Count < 100, "The delta round never reached a delta link.");
            var page = await http.GetAsync(url, prefer);
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            pages.Add(page);
            items.AddRange(page.Values.Select(v => v!));
            if (page.Json["@odata.deltaLink"]?.GetValue<string>() is { } deltaLink)
            {
                return (pages, items, deltaLink);
            }

            url = page.Json["@odata.nextLink"]!.GetValue<string>();
        }
    }
}
