using System.Net;
using System.Text.Json.Nodes;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>Mail folders as user-list-mailfolders.md, mailfolder-get.md, mailfolder-list-childfolders.md and
/// user-post-mailfolders.md describe them.</summary>
public sealed class GraphServerFolderTests
{
    private const string Desk = "desk@contoso.test";

    [Fact]
    public async Task The_root_lists_the_well_known_folders_and_pages_by_ten_with_a_next_link_that_works_as_given()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        for (var i = 1; i <= 4; i++)
        {
            mailbox.CreateFolder($"Queue {i}");
        }

        using var http = new GraphHttp(server, server.AppToken());

        var first = await http.GetAsync($"users/{Desk}/mailFolders");
        var next = first.Json["@odata.nextLink"]!.GetValue<string>();
        var second = await http.GetAsync(next);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(10, first.Values.Count);
        Assert.StartsWith(server.GraphUrl + "/v1.0/", next);
        Assert.Equal(2, second.Values.Count);
        Assert.Null(second.Json["@odata.nextLink"]);
        var names = first.Values.Concat(second.Values).Select(f => f!["displayName"]!.GetValue<string>()).ToList();
        Assert.Equal(["Archive", "Conversation History", "Deleted Items", "Drafts", "Inbox", "Junk Email", "Outbox",
            "Queue 1", "Queue 2", "Queue 3", "Queue 4", "Sent Items"], names);
        Assert.All(first.Values, f => Assert.Equal(mailbox.Root.Id, f!["parentFolderId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_filter_on_the_display_name_finds_the_folder_case_insensitively_with_OData_quotes()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var quoted = mailbox.CreateFolder("Customer's replies");
        using var http = new GraphHttp(server, server.AppToken());

        var sent = await http.GetAsync($"users/{Desk}/mailFolders?$filter=displayName eq 'sent items'");
        var withQuote = await http.GetAsync($"users/{Desk}/mailFolders?$filter={Uri.EscapeDataString("displayName eq 'Customer''s replies'")}");
        var none = await http.GetAsync($"users/{Desk}/mailFolders?$filter=displayName eq 'Done'");
        var bad = await http.GetAsync($"users/{Desk}/mailFolders?$filter=startswith(displayName,'D')");

        Assert.Equal("Sent Items", Assert.Single(sent.Values)!["displayName"]!.GetValue<string>());
        Assert.Equal(quoted.Id, Assert.Single(withQuote.Values)!["id"]!.GetValue<string>());
        Assert.Empty(none.Values);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task A_folder_is_got_by_well_known_name_or_by_id_with_its_counts()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        mailbox.AddMessage(GraphTestMail.Message("one"));
        mailbox.AddMessage(GraphTestMail.Message("two"), isRead: true);
        using var http = new GraphHttp(server, server.AppToken());

        var byName = await http.GetAsync($"users/{Desk}/mailFolders/Inbox");
        var byId = await http.GetAsync($"users/{Desk}/mailFolders/{byName.Json["id"]!.GetValue<string>()}");
        var unknownName = await http.GetAsync($"users/{Desk}/mailFolders/Done");
        var unknownId = await http.GetAsync($"users/{Desk}/mailFolders/AQMkADAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(HttpStatusCode.OK, byName.Status);
        Assert.Equal(mailbox.Folder("inbox").Id, byName.Json["id"]!.GetValue<string>());
        Assert.Equal(2, byName.Json["totalItemCount"]!.GetValue<int>());
        Assert.Equal(1, byName.Json["unreadItemCount"]!.GetValue<int>());
        Assert.Equal("Inbox", byId.Json["displayName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknownName.Status);
        Assert.Equal("ErrorInvalidIdMalformed", unknownName.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownId.Status);
        Assert.Equal("ErrorItemNotFound", unknownId.ErrorCode);
    }

    [Fact]
    public async Task Creating_a_folder_answers_201_and_creating_it_again_409_ErrorFolderExists()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());

        var created = await http.SendJsonAsync(HttpMethod.Post, $"users/{Desk}/mailFolders", new JsonObject { ["displayName"] = "Done" });
        var again = await http.SendJsonAsync(HttpMethod.Post, $"users/{Desk}/mailFolders", new JsonObject { ["displayName"] = "done" });
        var unknownProperty = await http.SendJsonAsync(HttpMethod.Post, $"users/{Desk}/mailFolders", new JsonObject { ["name"] = "Done" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Done", created.Json["displayName"]!.GetValue<string>());
        Assert.Equal(mailbox.Root.Id, created.Json["parentFolderId"]!.GetValue<string>());
        Assert.Equal(mailbox.Folder("Done").Id, created.Json["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("ErrorFolderExists", again.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownProperty.Status);
        Assert.Equal("RequestBodyRead", unknownProperty.ErrorCode);
    }

    [Fact]
    public async Task Child_folders_are_created_and_listed_under_their_parent_and_hidden_ones_only_on_request()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        mailbox.CreateFolder("Clutter", "inbox", hidden: true);
        using var http = new GraphHttp(server, server.AppToken());

        var created = await http.SendJsonAsync(HttpMethod.Post, $"users/{Desk}/mailFolders/inbox/childFolders", new JsonObject { ["displayName"] = "Handled" });
        var visible = await http.GetAsync($"users/{Desk}/mailFolders/inbox/childFolders");
        var all = await http.GetAsync($"users/{Desk}/mailFolders/inbox/childFolders?includeHiddenFolders=true");
        var child = await http.GetAsync($"users/{Desk}/mailFolders/inbox/childFolders/{created.Json["id"]!.GetValue<string>()}");
        var inbox = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
        var top = await http.GetAsync($"users/{Desk}/mailFolders?$filter=displayName eq 'Handled'");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(mailbox.Folder("inbox").Id, created.Json["parentFolderId"]!.GetValue<string>());
        Assert.Equal(["Handled"], visible.Values.Select(f => f!["displayName"]!.GetValue<string>()));
        Assert.Equal(["Clutter", "Handled"], all.Values.Select(f => f!["displayName"]!.GetValue<string>()));
        Assert.Equal("Handled", child.Json["displayName"]!.GetValue<string>());
        Assert.Equal(2, inbox.Json["childFolderCount"]!.GetValue<int>());
        Assert.Empty(top.Values);
    }

    [Fact]
    public async Task Top_sets_the_page_and_is_kept_in_the_next_link_and_a_bad_top_is_refused()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());

        var first = await http.GetAsync($"users/{Desk}/mailFolders?$top=3");
        var second = await http.GetAsync(first.Json["@odata.nextLink"]!.GetValue<string>());
        var bad = await http.GetAsync($"users/{Desk}/mailFolders?$top=many");

        Assert.Equal(["Archive", "Conversation History", "Deleted Items"], first.Values.Select(f => f!["displayName"]!.GetValue<string>()));
        Assert.Equal(["Drafts", "Inbox", "Junk Email"], second.Values.Select(f => f!["displayName"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("$top", bad.ErrorMessage);
    }
}
