using System.Globalization;
using System.Net;
using Mailroom.Testing;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>Throttling as throttling.md describes it: 429 (and 503) with Retry-After, Outlook's limits per app and
/// mailbox (4 concurrent requests, 10,000 per 10 minutes).</summary>
public sealed class GraphServerThrottlingTests
{
    private const string Desk = "desk@contoso.test";

    [Fact]
    public async Task An_injected_429_answers_the_documented_body_with_Retry_After_in_seconds_then_the_request_succeeds()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk).InjectFault(GraphFault.TooManyRequests(TimeSpan.FromSeconds(2.128)));
        using var http = new GraphHttp(server, server.AppToken());

        var throttled = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
        var retried = await http.GetAsync($"users/{Desk}/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal("2.128", throttled.Header("Retry-After"));
        Assert.Equal("TooManyRequests", throttled.ErrorCode);
        Assert.Equal("429", throttled.Json["error"]!["innerError"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(1, server.Counters.Throttled);
    }

    [Fact]
    public async Task Retry_After_can_come_as_an_HTTP_date_on_429_and_503()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero));
        await using var server = await GraphTestServer.StartAsync(new GraphTestServerOptions { Clock = clock });
        var mailbox = server.AddMailbox(Desk);
        mailbox.InjectFault(GraphFault.TooManyRequestsUntilDate(TimeSpan.FromSeconds(30), kind: GraphRequestKind.GetFolder));
        mailbox.InjectFault(GraphFault.ServiceUnavailableUntilDate(TimeSpan.FromMinutes(2), kind: GraphRequestKind.Delta));
        using var http = new GraphHttp(server, server.AppToken());

        var tooMany = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
        var unavailable = await http.GetAsync($"users/{Desk}/mailFolders/inbox/messages/delta");

        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.Status);
        Assert.Equal(clock.GetUtcNow().AddSeconds(30), DateTimeOffset.Parse(tooMany.Header("Retry-After")!, CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.Status);
        Assert.Equal("serviceNotAvailable", unavailable.ErrorCode);
        Assert.Equal("Thu, 03 Dec 2026 16:02:00 GMT", unavailable.Header("Retry-After"));
        Assert.Equal(1, server.Counters.Unavailable);
    }

    [Fact]
    public async Task A_fault_on_one_mailbox_leaves_another_alone_and_a_fault_of_a_kind_leaves_other_kinds_alone()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk).InjectFault(GraphFault.ServiceUnavailable(TimeSpan.FromSeconds(1), times: 5, kind: GraphRequestKind.Delta));
        server.AddMailbox("other@contoso.test");
        using var http = new GraphHttp(server, server.AppToken());

        var other = await http.GetAsync("users/other@contoso.test/mailFolders/inbox/messages/delta");
        var folder = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
        var delta = await http.GetAsync($"users/{Desk}/mailFolders/inbox/messages/delta");

        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.Equal(HttpStatusCode.OK, folder.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, delta.Status);
        Assert.Equal("1", delta.Header("Retry-After"));
    }

    [Fact]
    public async Task A_fifth_concurrent_request_to_a_mailbox_is_throttled_while_four_are_in_flight()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());
        List<Task<GraphReply>> held;
        GraphReply fifth;
        using (mailbox.HoldRequests())
        {
            held = [.. Enumerable.Range(0, 4).Select(_ => http.GetAsync($"users/{Desk}/mailFolders/inbox"))];
            await WaitFor.ConditionAsync(() => mailbox.InFlight == 4, TimeSpan.FromSeconds(30), "four requests to the mailbox in flight at once", TimeSpan.FromMilliseconds(10));
            fifth = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
        }

        var done = await Task.WhenAll(held);

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.Status);
        Assert.Equal("ApplicationThrottled", fifth.ErrorCode);
        Assert.Equal("Application is over its MailboxConcurrency limit.", fifth.ErrorMessage);
        Assert.NotNull(fifth.Header("Retry-After"));
        Assert.All(done, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    [Fact]
    public async Task Requests_beyond_the_rate_in_ten_minutes_are_throttled_until_the_window_moves_on()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await GraphTestServer.StartAsync(new GraphTestServerOptions { Clock = clock, RequestsPerTenMinutes = 3 });
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken(TimeSpan.FromHours(2)));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await http.GetAsync($"users/{Desk}/mailFolders/inbox")).Status);
        }

        var over = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
        clock.Advance(TimeSpan.FromMinutes(10));
        var later = await http.GetAsync($"users/{Desk}/mailFolders/inbox");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("ApplicationThrottled", over.ErrorCode);
        Assert.Equal("600", over.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, later.Status);
    }

    [Fact]
    public async Task Uploads_beyond_the_bytes_allowed_in_thirty_seconds_are_throttled_until_the_window_moves_on()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await GraphTestServer.StartAsync(new GraphTestServerOptions { Clock = clock, UploadBytesPerThirtySeconds = 3000 });
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken(TimeSpan.FromHours(2)));
        var mime = System.Text.Encoding.UTF8.GetBytes("To: someone@example.org\r\nSubject: big\r\n\r\n" + new string('x', 1000) + "\r\n");
        StringContent Body() => new(Convert.ToBase64String(mime), System.Text.Encoding.ASCII, "text/plain");

        var first = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", Body());
        var second = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", Body());
        var third = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", Body());
        var read = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
        clock.Advance(TimeSpan.FromSeconds(30));
        var later = await http.SendAsync(HttpMethod.Post, $"users/{Desk}/sendMail", Body());

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.Equal("Application is over its IncomingBytes limit.", third.ErrorMessage);
        Assert.Equal("30", third.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(HttpStatusCode.Accepted, later.Status);
        Assert.Equal(3, server.Sent.Count);
    }

    [Fact]
    public async Task Every_request_is_recorded_with_its_kind_status_and_Prefer_header()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());

        await http.GetAsync($"users/{Desk}/mailFolders/inbox/messages/delta", GraphHttp.Immutable + ", odata.maxpagesize=50");
        await http.GetAsync($"users/{Desk}/mailFolders/inbox");

        var recorded = server.Requests;
        Assert.Equal([GraphRequestKind.Delta, GraphRequestKind.GetFolder], recorded.Select(r => r.Kind));
        Assert.True(recorded[0].AskedImmutableIds);
        Assert.False(recorded[1].AskedImmutableIds);
        Assert.All(recorded, r => Assert.Equal(200, r.Status));
        Assert.Equal(2, server.Counters.HttpRequests);
    }

    [Fact]
    public async Task A_dropped_connection_or_a_body_cut_short_fails_on_the_client_and_the_next_request_is_answered()
    {
        await using var server = await GraphTestServer.StartAsync();
        var mailbox = server.AddMailbox(Desk);
        var message = mailbox.AddMessage(GraphTestMail.Message("A long enough message to be cut in half"));
        using var http = new GraphHttp(server, server.AppToken());
        mailbox.InjectFault(GraphFault.DropConnection(kind: GraphRequestKind.Delta));
        mailbox.InjectFault(GraphFault.CutBody(kind: GraphRequestKind.GetMime));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync($"users/{Desk}/mailFolders/inbox/messages/delta"));
        var cut = await Record.ExceptionAsync(() => http.GetAsync($"users/{Desk}/messages/{message.ImmutableId}/$value"));
        var whole = await http.GetAsync($"users/{Desk}/messages/{message.ImmutableId}/$value");

        Assert.True(cut is HttpRequestException or IOException, $"The cut body was read without an error: {cut}");
        Assert.Equal(message.Mime, whole.Body);
    }
}
