using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>sendMail as user-sendmail.md and outlook-send-mime-message.md describe it.</summary>
public sealed class GraphServerSendMailTests
{
    private const string Desk = "desk@contoso.test";

    [Fact]
    public async Task Base64_MIME_is_accepted_with_202_kept_as_sent_filed_in_Sent_Items_and_delivered_here_without_Bcc()
    {
        await using var server = await GraphTestServer.StartAsync();
        var desk = server.AddMailbox(Desk);
        var agent = server.AddMailbox("agent@contoso.test");
        var mime = "From: Desk <desk@contoso.test>\r\nTo: customer@example.org\r\nBcc: agent@contoso.test\r\n" +
            "Subject: [CMI: AB12] Your printer\r\nMessage-ID: <sent-1@mailroom.test>\r\nThread-Index: AQHTJWSHSywMzSz8o0OJud48nG50GQ==\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nFixed.\r\n";
        using var http = new GraphHttp(server, server.AppToken());

        // Base64 in lines, as the docs' sample sends it.
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(mime), Base64FormattingOptions.InsertLineBreaks);
        var reply = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", new StringContent(base64, Encoding.ASCII, "text/plain"));

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Empty(reply.Body);
        var sent = Assert.Single(server.Sent);
        Assert.Equal(Encoding.UTF8.GetBytes(mime), sent.Mime);
        Assert.Equal(["customer@example.org", "agent@contoso.test"], sent.Recipients);
        Assert.Equal(["agent@contoso.test"], sent.DeliveredTo);
        var copy = Assert.Single(desk.Messages("sentitems"));
        Assert.Equal("<sent-1@mailroom.test>", copy.InternetMessageId);
        Assert.True(copy.IsRead);
        var delivered = Assert.Single(agent.Messages("inbox"));
        Assert.Equal("sent-1@mailroom.test", delivered.Parse().MessageId);
        Assert.Equal("AQHTJWSHSywMzSz8o0OJud48nG50GQ==", delivered.Parse().Headers["Thread-Index"]);
        Assert.Empty(delivered.Parse().Bcc);
    }

    [Fact]
    public async Task Bad_or_empty_base64_is_refused_with_400_ErrorMimeContentInvalidBase64String()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());

        foreach (var body in new[] { "this is not base64!", "" })
        {
            var reply = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", new StringContent(body, Encoding.ASCII, "text/plain"));
            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal("ErrorMimeContentInvalidBase64String", reply.ErrorCode);
            Assert.Equal("Invalid base64 string for MIME content.", reply.ErrorMessage);
        }

        Assert.Empty(server.Sent);
    }

    [Fact]
    public async Task A_From_the_mailbox_may_not_send_as_is_refused_and_one_it_may_is_sent()
    {
        await using var server = await GraphTestServer.StartAsync();
        var desk = server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());
        static StringContent Mime(string from) => new(
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"From: {from}\r\nTo: customer@example.org\r\nSubject: Hi\r\n\r\nHi\r\n")), Encoding.ASCII, "text/plain");

        var refused = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", Mime("boss@contoso.test"));
        desk.AllowSendAs("helpdesk@contoso.test");
        var allowed = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", Mime("helpdesk@contoso.test"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("ErrorSendAsDenied", refused.ErrorCode);
        Assert.Equal(HttpStatusCode.Accepted, allowed.Status);
        Assert.Single(server.Sent);
    }

    [Fact]
    public async Task A_message_without_recipients_is_refused_and_without_Message_ID_gets_one_for_every_copy()
    {
        await using var server = await GraphTestServer.StartAsync();
        var desk = server.AddMailbox(Desk);
        var agent = server.AddMailbox("agent@contoso.test");
        using var http = new GraphHttp(server, server.AppToken());
        static StringContent Mime(string headers) => new(Convert.ToBase64String(Encoding.UTF8.GetBytes(headers + "Subject: Hi\r\n\r\nHi\r\n")), Encoding.ASCII, "text/plain");

        var none = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", Mime(""));
        var stamped = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", Mime("To: agent@contoso.test\r\n"));

        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Equal("ErrorInvalidRecipients", none.ErrorCode);
        Assert.Equal(HttpStatusCode.Accepted, stamped.Status);
        var sentCopy = Assert.Single(desk.Messages("sentitems"));
        var received = Assert.Single(agent.Messages("inbox"));
        Assert.Equal(sentCopy.InternetMessageId, received.InternetMessageId);
        Assert.Equal(Desk, received.Parse().From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_JSON_message_is_sent_and_saveToSentItems_false_keeps_no_copy()
    {
        await using var server = await GraphTestServer.StartAsync();
        var desk = server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());
        var body = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["subject"] = "Meet for lunch?",
                ["body"] = new JsonObject { ["contentType"] = "Text", ["content"] = "The new cafeteria is open." },
                ["toRecipients"] = new JsonArray(new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = "frannis@contoso.com" } }),
            },
            ["saveToSentItems"] = "false",
        };

        var reply = await http.SendJsonAsync(HttpMethod.Post, $"users/{Desk}/sendMail", body);

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal("Meet for lunch?", Assert.Single(server.Sent).Parse().Subject);
        Assert.Empty(desk.Messages("sentitems"));
    }
}
