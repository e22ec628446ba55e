using System.Net;
using Mailroom.Mail.Graph;
using Mailroom.Mail.OAuth;
using static Mailroom.Mail.Tests.Graph.GraphScript;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>The request pipeline: headers on every call, a refused token renewed once, throttling waited out, errors in words.</summary>
public sealed class GraphClientTests
{
    private const string Inbox = """{"id":"AAMkInbox","displayName":"Inbox","parentFolderId":"AAMkRoot","childFolderCount":0,"unreadItemCount":3,"totalItemCount":7,"isHidden":false}""";

    [Fact]
    public async Task Every_call_names_the_mailbox_and_carries_the_bearer_token_and_the_immutable_id_preference()
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/mailFolders/inbox", Ok(Inbox));
        using var client = context.Client();

        var folder = await client.GetFolderAsync("inbox", CancellationToken.None);

        Assert.Equal("AAMkInbox", folder.Id);
        var request = Assert.Single(context.Script.Requests);
        Assert.Equal($"{GraphTestContext.Root}/v1.0/users/{GraphTestContext.Mailbox}/mailFolders/inbox", request.Url.ToString());
        Assert.Equal("Bearer token-1", request.Header("Authorization"));
        Assert.Contains("IdType=\"ImmutableId\"", request.Header("Prefer"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_call_repeated_once()
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/mailFolders/inbox",
            Error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid."),
            Ok(Inbox));
        using var client = context.Client();

        var folder = await client.GetFolderAsync("inbox", CancellationToken.None);

        Assert.Equal("AAMkInbox", folder.Id);
        Assert.Equal([false, true], context.Tokens.Asks);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], context.Script.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task A_token_refused_twice_fails_as_a_sign_in_failure_with_graphs_code()
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/mailFolders/inbox", Error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience."));
        using var client = context.Client();

        var ex = await Assert.ThrowsAsync<MailConnectionException>(() => client.GetFolderAsync("inbox", CancellationToken.None));

        Assert.Equal(MailFailureKind.AuthenticationFailed, ex.Kind);
        Assert.Contains("InvalidAuthenticationToken", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid audience", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, context.Script.Requests.Count);
    }

    [Theory]
    [InlineData(429, "2.128", 2128)]
    [InlineData(429, "7", 7000)]
    [InlineData(503, "3", 3000)]
    public async Task Throttling_waits_as_long_as_retry_after_says_and_then_succeeds(int status, string retryAfter, int expectedMilliseconds)
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/mailFolders/inbox",
            Error(status, status == 429 ? "TooManyRequests" : "ServiceNotAvailable", "Please retry again later.", ("Retry-After", retryAfter)),
            Ok(Inbox));
        using var client = context.Client();

        await client.GetFolderAsync("inbox", CancellationToken.None);

        Assert.Contains(TimeSpan.FromMilliseconds(expectedMilliseconds), context.Time.Waits);
        Assert.Equal(2, context.Script.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_waits_until_that_time()
    {
        var context = new GraphTestContext();
        var at = DateTimeOffset.UtcNow.AddSeconds(40);
        context.Script.On("GET", "/mailFolders/inbox", Error(429, "TooManyRequests", "Slow down.", ("Retry-After", at.ToString("r"))), Ok(Inbox));
        using var client = context.Client();

        await client.GetFolderAsync("inbox", CancellationToken.None);

        var wait = Assert.Single(context.Time.Waits, w => w > TimeSpan.FromSeconds(20));
        Assert.InRange(wait, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(41));
    }

    [Fact]
    public async Task Throttling_without_retry_after_backs_off_doubling_and_gives_up_as_a_transient_failure()
    {
        var context = new GraphTestContext(o => o with { MaxThrottleRetries = 3 });
        context.Script.On("GET", "/mailFolders/inbox", Error(429, "TooManyRequests", "Please retry again later."));
        using var client = context.Client();

        var ex = await Assert.ThrowsAsync<MailConnectionException>(() => client.GetFolderAsync("inbox", CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Contains("TooManyRequests", ex.Message, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], context.Time.Waits.Where(w => w < TimeSpan.FromSeconds(60)));
        Assert.Equal(4, context.Script.Requests.Count);
    }

    [Fact]
    public async Task A_refusal_becomes_a_graph_exception_with_the_inner_code_and_graphs_words()
    {
        var context = new GraphTestContext();
        context.Script.On("GET", "/mailFolders/inbox", Json(HttpStatusCode.NotFound,
            """{"error":{"code":"ErrorItemNotFound","message":"The specified object was not found in the store.","innerError":{"code":"ItemMissing","date":"2026-12-03T10:00:00"}}}"""));
        using var client = context.Client();

        var ex = await Assert.ThrowsAsync<GraphException>(() => client.GetFolderAsync("inbox", CancellationToken.None));

        Assert.Equal(404, ex.Status);
        Assert.Equal("ErrorItemNotFound", ex.Code);
        Assert.Contains("The specified object was not found in the store.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ItemMissing", ex.Codes);
    }

    [Fact]
    public async Task A_server_error_on_a_read_is_tried_again_then_reported_as_graph_failing()
    {
        var context = new GraphTestContext(o => o with { MaxRetries = 2 });
        context.Script.On("GET", "/mailFolders/inbox", Error(500, "generalException", "An unspecified error has occurred."));
        using var client = context.Client();

        var ex = await Assert.ThrowsAsync<MailConnectionException>(() => client.GetFolderAsync("inbox", CancellationToken.None));

        Assert.Equal(MailFailureKind.ServerError, ex.Kind);
        Assert.Contains("generalException: An unspecified error has occurred.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, context.Script.Requests.Count);
    }

    [Fact]
    public async Task No_token_fails_unwrapped_with_the_identity_platforms_own_words_and_graph_is_not_called()
    {
        var context = new GraphTestContext();
        context.Tokens.Failure = new OAuthException("token request refused", "invalid_client",
            "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
        using var client = context.Client();

        // Unwrapped, as IMAP and SMTP do: the monitor and the outbox tell "sign-in needed" by the exception's type.
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.GetFolderAsync("inbox", CancellationToken.None));

        Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", ex.Description, StringComparison.Ordinal);
        Assert.Empty(context.Script.Requests);
    }

    [Fact]
    public async Task A_token_near_its_end_is_renewed_before_the_call_instead_of_being_sent_to_be_refused()
    {
        var context = new GraphTestContext();
        context.Tokens.Lifetime = TimeSpan.FromSeconds(5);
        context.Script.On("GET", "/mailFolders/inbox", Ok(Inbox));
        using var client = context.Client();

        await client.GetFolderAsync("inbox", CancellationToken.None);
        await client.GetFolderAsync("inbox", CancellationToken.None);

        // Each call asks again: a token that ends within the margin is not reused.
        Assert.Equal(2, context.Tokens.Asks.Count);
    }
}
