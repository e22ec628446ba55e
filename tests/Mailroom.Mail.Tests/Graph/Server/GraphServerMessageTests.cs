using System.Net;
using System.Text.Json.Nodes;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>Messages as outlook-get-mime-message.md, message-update.md, message-move.md, message-delete.md and
/// outlook-immutable-id.md describe them.</summary>
public sealed class GraphServerMessageTests
{
    private const string Desk = "desk@contoso.test";

    [Fact]
    public async Task Value_returns_the_MIME_byte_for_byte()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var mime = GraphTestMail.Message("Printer on fire");
        var message = mailbox.AddMessage(mime);
        using var http = new GraphHttp(server, server.AppToken());

        var reply = await http.GetAsync($"users/{Desk}/messages/{message.RestId}/$value");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(mime), reply.Body);
        Assert.Equal(1, server.Counters.Requests(GraphRequestKind.GetMime));
    }

    [Fact]
    public async Task A_message_reads_as_JSON_with_the_properties_a_select_names()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("Printer on fire", messageId: "abc@example.org"));
        using var http = new GraphHttp(server, server.AppToken());

        var full = await http.GetAsync($"users/{Desk}/messages/{message.RestId}");
        var selected = await http.GetAsync($"users/{Desk}/messages/{message.RestId}?$select=internetMessageId,isRead");
        var unknown = await http.GetAsync($"users/{Desk}/messages/{message.RestId}?$select=colour");

        Assert.Equal("Printer on fire", full.Json["subject"]!.GetValue<string>());
        Assert.Equal("customer@example.org", full.Json["from"]!["emailAddress"]!["address"]!.GetValue<string>());
        Assert.Equal(mailbox.Folder("inbox").Id, full.Json["parentFolderId"]!.GetValue<string>());
        var names = selected.Json.AsObject().Select(p => p.Key).Where(k => !k.StartsWith('@')).ToList();
        Assert.Equal(["id", "internetMessageId", "isRead"], names);
        Assert.Equal("<abc@example.org>", selected.Json["internetMessageId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("RequestBroker--ParseUri", unknown.ErrorCode);
    }

    [Fact]
    public async Task Patch_isRead_answers_200_with_the_message_and_the_mailbox_has_it_read()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("Hello"));
        using var http = new GraphHttp(server, server.AppToken());

        var reply = await http.SendJsonAsync(HttpMethod.Patch, $"users/{Desk}/messages/{message.RestId}", new JsonObject { ["isRead"] = true });
        var notBool = await http.SendJsonAsync(HttpMethod.Patch, $"users/{Desk}/messages/{message.RestId}", new JsonObject { ["isRead"] = "yes" });
        var subject = await http.SendJsonAsync(HttpMethod.Patch, $"users/{Desk}/messages/{message.RestId}", new JsonObject { ["subject"] = "Changed" });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Json["isRead"]!.GetValue<bool>());
        Assert.True(mailbox.Current(message).IsRead);
        Assert.Equal(HttpStatusCode.BadRequest, notBool.Status);
        Assert.Equal(HttpStatusCode.BadRequest, subject.Status);
        Assert.Equal("ErrorInvalidPropertyUpdateSentMessage", subject.ErrorCode);
        Assert.Equal("Hello", mailbox.Current(message).Subject);
    }

    [Fact]
    public async Task Without_the_immutable_id_header_a_moved_message_gets_a_new_id_and_the_old_one_finds_nothing()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        mailbox.CreateFolder("Done");
        var message = mailbox.AddMessage(GraphTestMail.Message("Hello"));
        using var http = new GraphHttp(server, server.AppToken());

        var moved = await http.SendJsonAsync(HttpMethod.Post, $"users/{Desk}/messages/{message.RestId}/move",
            new JsonObject { ["destinationId"] = mailbox.Folder("Done").Id });
        var old = await http.GetAsync($"users/{Desk}/messages/{message.RestId}");
        var newId = moved.Json["id"]!.GetValue<string>();
        var byNew = await http.GetAsync($"users/{Desk}/messages/{newId}");

        Assert.Equal(HttpStatusCode.Created, moved.Status);
        Assert.NotEqual(message.RestId, newId);
        Assert.Equal(mailbox.Folder("Done").Id, moved.Json["parentFolderId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, old.Status);
        Assert.Equal("ErrorItemNotFound", old.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, byNew.Status);
        Assert.Empty(mailbox.Messages("inbox"));
    }

    [Fact]
    public async Task With_the_immutable_id_header_a_message_keeps_its_id_through_a_move_to_a_well_known_folder()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        mailbox.AddMessage(GraphTestMail.Message("Hello"));
        using var http = new GraphHttp(server, server.AppToken());

        var listed = await http.GetAsync($"users/{Desk}/mailFolders/inbox/messages?$select=id", prefer: GraphHttp.Immutable);
        var id = Assert.Single(listed.Values)!["id"]!.GetValue<string>();
        var moved = await http.SendJsonAsync(HttpMethod.Post, $"users/{Desk}/messages/{Uri.EscapeDataString(id)}/move",
            new JsonObject { ["destinationId"] = "archive" }, prefer: GraphHttp.Immutable);
        var again = await http.GetAsync($"users/{Desk}/messages/{Uri.EscapeDataString(id)}", prefer: GraphHttp.Immutable);

        Assert.Equal(HttpStatusCode.Created, moved.Status);
        Assert.Equal(id, moved.Json["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(mailbox.Folder("archive").Id, again.Json["parentFolderId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_move_to_a_display_name_instead_of_an_id_is_refused_as_a_malformed_id()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        mailbox.CreateFolder("Done");
        var message = mailbox.AddMessage(GraphTestMail.Message("Hello"));
        using var http = new GraphHttp(server, server.AppToken());

        var reply = await http.SendJsonAsync(HttpMethod.Post, $"users/{Desk}/messages/{message.RestId}/move", new JsonObject { ["destinationId"] = "Done" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("ErrorInvalidIdMalformed", reply.ErrorCode);
        Assert.Single(mailbox.Messages("inbox"));
    }

    [Fact]
    public async Task Delete_answers_204_and_puts_the_message_in_Deleted_Items_then_in_the_recoverable_items()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("Hello"));
        using var http = new GraphHttp(server, server.AppToken());

        var first = await http.SendAsync(HttpMethod.Delete, $"users/{Desk}/messages/{message.ImmutableId}", null);
        var second = await http.SendAsync(HttpMethod.Delete, $"users/{Desk}/messages/{message.ImmutableId}", null);

        Assert.Equal(HttpStatusCode.NoContent, first.Status);
        Assert.Empty(first.Body);
        Assert.Equal(HttpStatusCode.NoContent, second.Status);
        Assert.Empty(mailbox.Messages("inbox"));
        Assert.Empty(mailbox.Messages("deleteditems"));
        Assert.Single(mailbox.Messages("recoverableitemsdeletions"));
    }

    [Fact]
    public async Task A_folder_lists_its_messages_newest_first_ten_a_page()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var start = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 12; i++)
        {
            mailbox.AddMessage(GraphTestMail.Message($"m{i}"), received: start.AddMinutes(i));
        }

        using var http = new GraphHttp(server, server.AppToken());

        var first = await http.GetAsync($"users/{Desk}/mailFolders/inbox/messages?$select=subject");
        var second = await http.GetAsync(first.Json["@odata.nextLink"]!.GetValue<string>());

        Assert.Equal(10, first.Values.Count);
        Assert.Equal("m11", first.Values[0]!["subject"]!.GetValue<string>());
        Assert.Equal(["m1", "m0"], second.Values.Select(m => m!["subject"]!.GetValue<string>()));
        Assert.Null(second.Json["@odata.nextLink"]);
    }

    [Fact]
    public async Task Ids_are_case_sensitive_and_either_form_finds_the_message()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("Hello"));
        using var http = new GraphHttp(server, server.AppToken());

        var rest = await http.GetAsync($"users/{Desk}/messages/{message.RestId}?$select=subject");
        var immutable = await http.GetAsync($"users/{Desk}/messages/{message.ImmutableId}?$select=subject");
        var folded = await http.GetAsync($"users/{Desk}/messages/{message.RestId.ToLowerInvariant()}?$select=subject");

        Assert.Equal(HttpStatusCode.OK, rest.Status);
        Assert.Equal(message.RestId, rest.Json["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, immutable.Status);
        Assert.Equal(message.RestId, immutable.Json["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, folded.Status);
    }
}
