using System.Net;
using System.Text.Json.Nodes;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>JSON batching as json-batching.md and throttling.md (throttling and batching) describe it.</summary>
public sealed class GraphServerBatchTests
{
    private const string Desk = "desk@contoso.test";

    [Fact]
    public async Task Twenty_requests_in_one_batch_each_get_their_own_status_headers_and_body()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var messages = Enumerable.Range(0, 20).Select(i => mailbox.AddMessage(GraphTestMail.Message($"m{i}"))).ToList();
        using var http = new GraphHttp(server, server.AppToken());

        var requests = messages.Select((m, i) => Request($"{i + 1}", "PATCH", $"/users/{Desk}/messages/{m.ImmutableId}", new JsonObject { ["isRead"] = true })).ToList();
        var reply = await http.SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = new JsonArray([.. requests]) });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var responses = reply.Json["responses"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"{i}").Order(), responses.Select(r => r!["id"]!.GetValue<string>()).Order());
        Assert.All(responses, r =>
        {
            Assert.Equal(200, r!["status"]!.GetValue<int>());
            Assert.StartsWith("application/json", r["headers"]!["Content-Type"]!.GetValue<string>());
            Assert.True(r["body"]!["isRead"]!.GetValue<bool>());
        });
        Assert.All(mailbox.Messages("inbox"), m => Assert.True(m.IsRead));
        Assert.Equal(1, server.Counters.Batches);
        Assert.Equal(20, server.Counters.BatchRequests);
        Assert.Equal(20, server.Counters.Requests(GraphRequestKind.UpdateMessage));
    }

    [Fact]
    public async Task More_than_twenty_requests_or_duplicate_ids_or_a_body_without_content_type_fail_the_whole_batch_with_400()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("m"));
        using var http = new GraphHttp(server, server.AppToken());
        var url = $"/users/{Desk}/messages/{message.ImmutableId}";

        var tooMany = await http.SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject
        {
            ["requests"] = new JsonArray([.. Enumerable.Range(1, 21).Select(i => Request($"{i}", "GET", url))]),
        });
        var duplicate = await http.SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject
        {
            ["requests"] = new JsonArray(Request("1", "GET", url), Request("1", "GET", url)),
        });
        var noContentType = await http.SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject
        {
            ["requests"] = new JsonArray(new JsonObject { ["id"] = "1", ["method"] = "PATCH", ["url"] = url, ["body"] = new JsonObject { ["isRead"] = true } }),
        });

        Assert.All(new[] { tooMany, duplicate, noContentType }, r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal("BadRequest", r.ErrorCode);
        });
        Assert.False(mailbox.Current(message).IsRead);
        Assert.Equal(0, server.Counters.BatchRequests);
    }

    [Fact]
    public async Task A_request_whose_dependency_failed_gets_424_and_dependencies_run_first()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("m"));
        using var http = new GraphHttp(server, server.AppToken());

        var move = Request("2", "POST", $"/users/{Desk}/messages/{message.ImmutableId}/move", new JsonObject { ["destinationId"] = "archive" });
        move["dependsOn"] = new JsonArray("1");
        move["headers"]!["Prefer"] = GraphHttp.Immutable;
        var afterFailure = Request("4", "GET", $"/users/{Desk}/messages/{message.ImmutableId}");
        afterFailure["dependsOn"] = new JsonArray("3");
        var reply = await http.SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject
        {
            ["requests"] = new JsonArray(
                move,
                Request("1", "PATCH", $"/users/{Desk}/messages/{message.ImmutableId}", new JsonObject { ["isRead"] = true }),
                Request("3", "GET", $"/users/{Desk}/messages/AAMkAGnothere0000000000000000000000="),
                afterFailure),
        });

        var byId = reply.Json["responses"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!);
        Assert.Equal(200, byId["1"]["status"]!.GetValue<int>());
        Assert.Equal(201, byId["2"]["status"]!.GetValue<int>());
        Assert.Equal(message.ImmutableId, byId["2"]["body"]!["id"]!.GetValue<string>());
        Assert.True(byId["2"]["body"]!["isRead"]!.GetValue<bool>());
        Assert.Equal(404, byId["3"]["status"]!.GetValue<int>());
        Assert.Equal("ErrorItemNotFound", byId["3"]["body"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(424, byId["4"]["status"]!.GetValue<int>());
        Assert.Single(mailbox.Messages("archive"));
    }

    [Fact]
    public async Task One_request_of_a_batch_can_be_throttled_alone_with_its_own_Retry_After()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var messages = Enumerable.Range(0, 3).Select(i => mailbox.AddMessage(GraphTestMail.Message($"m{i}"))).ToList();
        using var http = new GraphHttp(server, server.AppToken());
        var requests = messages.Select((m, i) => Request($"{i + 1}", "DELETE", $"/users/{Desk}/messages/{m.ImmutableId}")).ToList();

        mailbox.InjectFault(GraphFault.TooManyRequests(TimeSpan.FromSeconds(7), times: 1, kind: GraphRequestKind.DeleteMessage));
        var reply = await http.SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = new JsonArray([.. requests]) });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var statuses = reply.Json["responses"]!.AsArray().Select(r => r!["status"]!.GetValue<int>()).ToList();
        Assert.Equal([429, 204, 204], statuses);
        var throttled = reply.Json["responses"]!.AsArray()[0]!;
        Assert.Equal("7", throttled["headers"]!["Retry-After"]!.GetValue<string>());
        Assert.Equal("TooManyRequests", throttled["body"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(1, server.Counters.Throttled);
        Assert.Single(mailbox.Messages("inbox"));
    }

    [Fact]
    public async Task A_MIME_answer_in_a_batch_comes_base64_encoded()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var mime = GraphTestMail.Message("m");
        var message = mailbox.AddMessage(mime);
        using var http = new GraphHttp(server, server.AppToken());

        var reply = await http.SendJsonAsync(HttpMethod.Post, "$batch", new JsonObject
        {
            ["requests"] = new JsonArray(Request("1", "GET", $"users/{Desk}/messages/{message.ImmutableId}/$value")),
        });

        var response = reply.Json["responses"]![0]!;
        Assert.Equal(200, response["status"]!.GetValue<int>());
        Assert.Equal(mime, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(response["body"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_fault_on_the_batch_itself_answers_the_whole_batch_and_its_requests_are_not_run()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("m"));
        using var http = new GraphHttp(server, server.AppToken());
        var body = new JsonObject { ["requests"] = new JsonArray(Request("1", "DELETE", $"/users/{Desk}/messages/{message.ImmutableId}")) };

        server.InjectFault(GraphFault.ServiceUnavailable(TimeSpan.FromSeconds(3), kind: GraphRequestKind.Batch));
        server.InjectFault(GraphFault.Error(500, "generalException", "An unspecified error has occurred.", kind: GraphRequestKind.DeleteMessage));
        var unavailable = await http.SendJsonAsync(HttpMethod.Post, "$batch", body);
        var inner = await http.SendJsonAsync(HttpMethod.Post, "$batch", body.DeepClone());
        var done = await http.SendJsonAsync(HttpMethod.Post, "$batch", body.DeepClone());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.Status);
        Assert.Equal("3", unavailable.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, inner.Status);
        Assert.Equal(500, inner.Json["responses"]![0]!["status"]!.GetValue<int>());
        Assert.Equal(204, done.Json["responses"]![0]!["status"]!.GetValue<int>());
        Assert.Single(mailbox.Messages("deleteditems"));
    }

    private static JsonObject Request(string id, string method, string url, JsonObject? body = null)
    {
        var request = new JsonObject { ["id"] = id, ["method"] = method, ["url"] = url };
        if (body is not null)
        {
            request["body"] = body;
            request["headers"] = new JsonObject { ["Content-Type"] = "application/json" };
        }
        else
        {
            request["headers"] = new JsonObject();
        }

        return request;
    }
}
