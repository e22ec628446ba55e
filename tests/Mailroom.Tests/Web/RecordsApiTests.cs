using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mailroom.Core.Records;
using Mailroom.Data.Records;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary><c>/api/records</c> and sending from a record through the API, against a real web host.</summary>
public sealed class RecordsApiTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    [Theory]
    [InlineData("GET", "api/records")]
    [InlineData("GET", "api/records/1")]
    [InlineData("POST", "api/records/1/send")]
    public async Task Without_a_token_the_records_api_answers_401(string method, string path)
    {
        using var client = server.NewClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { account = "x", to = new[] { "a@b.test" }, subject = "s", body = "b" });
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_agent_cookie_does_not_open_the_api()
    {
        using var agent = await server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);

        using var response = await agent.GetAsync("api/records");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_list_searches_filters_by_status_and_pages()
    {
        var tag = "Api" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 7; i++)
        {
            await RecordSeed.RecordAsync(server, $"{tag} printer {i}", $"req{i}@customer.test", i < 3 ? RecordStatus.Resolved : RecordStatus.New);
        }

        using var client = await TokenClientAsync();
        var all = await GetJsonAsync(client, $"api/records?search={tag}");
        var resolved = await GetJsonAsync(client, $"api/records?search={tag}&status=resolved");
        var firstPage = await GetJsonAsync(client, $"api/records?search={tag}&limit=4");
        var secondPage = await GetJsonAsync(client, $"api/records?search={tag}&limit=4&offset=4");

        Assert.Equal(7, all.GetProperty("total").GetInt64());
        Assert.Equal(3, resolved.GetProperty("total").GetInt64());
        Assert.All(resolved.GetProperty("records").EnumerateArray(), r => Assert.Equal("resolved", r.GetProperty("status").GetString()));
        var onFirst = firstPage.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("number").GetInt64()).ToList();
        var onSecond = secondPage.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("number").GetInt64()).ToList();
        Assert.Equal(4, onFirst.Count);
        Assert.Equal(3, onSecond.Count);
        Assert.Empty(onFirst.Intersect(onSecond));
        Assert.True(onFirst.Min() > onSecond.Max(), "newest first, the second page continues where the first ended");
    }

    [Fact]
    public async Task Bad_list_parameters_are_refused_naming_each_field()
    {
        using var client = await TokenClientAsync();

        using var response = await client.GetAsync("api/records?status=burning&limit=0&offset=-1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("burning", errors.GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("limit", out _));
        Assert.True(errors.TryGetProperty("offset", out _));
    }

    [Fact]
    public async Task A_record_shows_its_journal_and_a_missing_one_is_404()
    {
        var record = await RecordSeed.RecordAsync(server, "Journal " + Guid.NewGuid().ToString("N")[..8], "ann@customer.test");
        var entry = await RecordSeed.IncomingAsync(server, record, "Ann <ann@customer.test>", "Help", "My screen is blank.",
            attachments: [new NewAttachment("shot.png", "image/png", null, false, new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 })]);
        using var client = await TokenClientAsync();

        var shown = await GetJsonAsync(client, $"api/records/{record.Number}");
        using var missing = await client.GetAsync("api/records/987654321");

        Assert.Equal(record.Number, shown.GetProperty("number").GetInt64());
        var mail = Assert.Single(shown.GetProperty("journal").EnumerateArray());
        Assert.Equal(entry, mail.GetProperty("id").GetInt64());
        Assert.Equal("in", mail.GetProperty("direction").GetString());
        Assert.Equal("My screen is blank.", mail.GetProperty("text").GetString());
        var attachment = Assert.Single(mail.GetProperty("attachments").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var bytes = await client.GetByteArrayAsync($"api/records/{record.Number}/attachments/{attachment.GetProperty("id").GetInt64()}");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }, bytes);
    }

    [Fact]
    public async Task Send_refuses_bad_input_naming_each_field_and_queues_nothing()
    {
        var account = await RecordSeed.AccountAsync(server, "desk-" + Guid.NewGuid().ToString("N")[..6] + "@web.test");
        var record = await RecordSeed.RecordAsync(server, "Send errors " + Guid.NewGuid().ToString("N")[..8], "bob@customer.test");
        using var client = await TokenClientAsync();

        using var response = await client.PostAsJsonAsync($"api/records/{record.Number}/send", new
        {
            account = account.Name,
            from = "ceo@elsewhere.test",
            to = new[] { "not an address" },
            subject = "Hi\r\nBcc: victim@example.test",
            body = "",
        });
        using var noAccount = await client.PostAsJsonAsync($"api/records/{record.Number}/send", new { account = "no-such-account", to = new[] { "bob@customer.test" }, subject = "s", body = "b" });
        using var badFile = await client.PostAsJsonAsync($"api/records/{record.Number}/send", new
        {
            account = account.Name, to = new[] { "bob@customer.test" }, subject = "s", body = "b",
            attachments = new[] { new { fileName = "x.bin", content = "%%% not base64" } },
        });
        using var noRecord = await client.PostAsJsonAsync("api/records/987654321/send", new { account = account.Name, to = new[] { "bob@customer.test" }, subject = "s", body = "b" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("ceo@elsewhere.test", errors.GetProperty("from")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not an address", errors.GetProperty("to")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("subject", out _));
        Assert.True(errors.TryGetProperty("body", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noAccount.StatusCode);
        Assert.Contains("no-such-account", JsonDocument.Parse(await noAccount.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("account")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badFile.StatusCode);
        Assert.True(JsonDocument.Parse(await badFile.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("attach", out _));
        Assert.Equal(HttpStatusCode.NotFound, noRecord.StatusCode);
        Assert.Empty(await server.Services.GetRequiredService<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Send_through_an_account_not_available_to_users_is_refused_under_account()
    {
        var hidden = await RecordSeed.AccountAsync(server, "monitor-only-" + Guid.NewGuid().ToString("N")[..6] + "@web.test", availableToUsers: false);
        var record = await RecordSeed.RecordAsync(server, "Hidden account " + Guid.NewGuid().ToString("N")[..8], "ivy@customer.test");
        using var client = await TokenClientAsync();

        using var response = await client.PostAsJsonAsync($"api/records/{record.Number}/send", new { account = hidden.Name, to = new[] { "ivy@customer.test" }, subject = "s", body = "b" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("account")[0].GetString();
        Assert.Contains("not available to users", message, StringComparison.Ordinal);
        Assert.Empty(await server.Services.GetRequiredService<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Send_queues_the_message_on_the_record_with_a_conversation_id()
    {
        var desk = "desk-" + Guid.NewGuid().ToString("N")[..6] + "@web.test";
        var account = await RecordSeed.AccountAsync(server, desk);
        var record = await RecordSeed.RecordAsync(server, "Send ok " + Guid.NewGuid().ToString("N")[..8], "carl@customer.test");
        var answered = await RecordSeed.IncomingAsync(server, record, "carl@customer.test", "Broken mouse", "It squeaks.");
        using var client = await TokenClientAsync();

        using var response = await client.PostAsJsonAsync($"api/records/{record.Number}/send", new
        {
            account = account.Name,
            to = new[] { "carl@customer.test" },
            subject = "RE: Broken mouse",
            body = "A new one is on its way.",
            inReplyToEntry = answered,
            attachments = new[] { new { fileName = "label.txt", contentType = "text/plain", content = Convert.ToBase64String("return label"u8.ToArray()) } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Matches(@"^\{CMI: [A-Z0-9]+\}$", queued.GetProperty("conversationId").GetString());
        var shown = await GetJsonAsync(client, $"api/records/{record.Number}");
        var sent = shown.GetProperty("journal").EnumerateArray().Single(e => e.GetProperty("direction").GetString() == "out");
        Assert.Equal(queued.GetProperty("entryId").GetInt64(), sent.GetProperty("id").GetInt64());
        Assert.Equal(desk, sent.GetProperty("from").GetString());
        Assert.Contains(sent.GetProperty("deliveryState").GetString(), new[] { "queued", "sending", "failed" });
        Assert.Equal("label.txt", Assert.Single(sent.GetProperty("attachments").EnumerateArray()).GetProperty("name").GetString());
        Assert.NotNull(sent.GetProperty("inReplyTo").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_records_api()
    {
        using var client = server.NewClient();

        var document = await client.GetStringAsync("api/openapi/v1.json");

        Assert.Contains("\"/api/records\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/records/{number}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/records/{number}/send\"", document, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<HttpClient> TokenClientAsync()
    {
        var (_, value) = await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("records test", "test", CancellationToken.None);
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return client;
    }
}
