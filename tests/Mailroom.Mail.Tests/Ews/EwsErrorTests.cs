using Mailroom.Mail.Ews;
using Mailroom.Mail.Tests.Support;
using MimeKit;

namespace Mailroom.Mail.Tests.Ews;

public sealed class EwsErrorTests
{
    /// <summary>
    /// The request timeout of the tests with a hung request: it runs on the real clock and bounds every request, the
    /// ones that should go through too (a new TLS connection after the hung one), so it is no shorter than a loaded
    /// machine needs for those; the hung request costs the test this long.
    /// </summary>
    private static readonly TimeSpan HungRequestTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ErrorServerBusy_waits_the_back_off_the_server_names_then_succeeds()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Script.Enqueue(ServerScript.Busy(30_000));
        using var client = context.Client();

        var inbox = await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal("inbox", inbox.FolderId);
        Assert.Contains(TimeSpan.FromMilliseconds(30_000), context.Clock.Waits);
        Assert.Equal(2, context.Server.HttpRequestCount);
    }

    [Fact]
    public async Task ErrorServerBusy_that_does_not_end_is_reported_after_the_allowed_tries()
    {
        await using var context = await EwsTestContext.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            context.Server.Script.Enqueue(ServerScript.Busy(1_000));
        }

        using var client = context.Client(context.Options() with { MaxRetries = 2 });

        var error = await Assert.ThrowsAsync<EwsException>(() => client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.Equal("ErrorServerBusy", error.ResponseCode);
        Assert.True(error.IsTransient);
        Assert.Equal(3, context.Server.HttpRequestCount);
    }

    [Fact]
    public async Task Throttling_inside_a_response_message_is_waited_out_as_well()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Script.Enqueue(ServerScript.BusyInsideResponse("GetFolder", 12_000));
        using var client = context.Client();

        var inbox = await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal("inbox", inbox.FolderId);
        Assert.Contains(TimeSpan.FromMilliseconds(12_000), context.Clock.Waits);
        Assert.Equal(2, context.Server.HttpRequestCount);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_is_explained()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Script.Enqueue(ServerScript.Redirect());
        using var client = context.Client();

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.Equal(MailFailureKind.ProtocolError, error.Kind);
        Assert.Contains("/owa/auth/logon.aspx", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, context.Server.HttpRequestCount);
    }

    [Fact]
    public async Task Http_503_is_retried_with_backoff_until_the_server_answers()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Script.Enqueue(ServerScript.Unavailable());
        context.Server.Script.Enqueue(ServerScript.Unavailable(retryAfterSeconds: 7));
        using var client = context.Client();

        var inbox = await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal("inbox", inbox.FolderId);
        Assert.Contains(TimeSpan.FromSeconds(2), context.Clock.Waits);
        Assert.Contains(TimeSpan.FromSeconds(7), context.Clock.Waits);
        Assert.Equal(3, context.Server.HttpRequestCount);
    }

    [Fact]
    public async Task Http_401_says_authentication_failed_for_domain_and_user_without_the_password()
    {
        await using var context = await EwsTestContext.StartAsync();
        var factory = context.Factory();

        var error = await Assert.ThrowsAsync<MailConnectionException>(() =>
            factory.OpenOutgoingAsync(context.Server.Account(password: "wrong-password"), CancellationToken.None));

        Assert.Equal(MailFailureKind.AuthenticationFailed, error.Kind);
        Assert.Contains(@"authentication failed for CORP\desk@example.com", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, context.Server.HttpRequestCount);
    }

    [Fact]
    public async Task A_schema_validation_fault_is_reported_plainly_and_not_retried()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Script.Enqueue(ServerScript.Fault("ErrorSchemaValidation", "The request failed schema validation: The element 'FindItem' has invalid child element 'Foo'.",
            EwsTestXml.Value("LineNumber", "2"), EwsTestXml.Value("LinePosition", "30")));
        using var client = context.Client();

        var error = await Assert.ThrowsAsync<EwsException>(() => client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.True(error.IsFault);
        Assert.False(error.IsTransient);
        Assert.Equal("ErrorSchemaValidation", error.ResponseCode);
        Assert.Contains("invalid child element 'Foo'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, context.Server.HttpRequestCount);
    }

    [Fact]
    public async Task A_server_version_the_server_refuses_is_named_in_the_error()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Version = EwsTestServerVersion.Exchange2007;
        using var client = context.Client(context.Options() with { RequestServerVersion = "Exchange2010_SP2" });

        var error = await Assert.ThrowsAsync<EwsException>(() => client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.Equal("ErrorInvalidServerVersion", error.ResponseCode);
        Assert.Contains("Exchange2010_SP2", error.Message, StringComparison.Ordinal);
        Assert.Contains("The specified server version is invalid.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_fault_after_moving_up_falls_back_to_Exchange2007_SP1()
    {
        await using var context = await EwsTestContext.StartAsync();
        using var client = context.Client();
        await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None); // learns 15.2: moves up
        Assert.Equal("Exchange2013_SP1", client.RequestVersion);
        context.Server.Script.Enqueue(ServerScript.Fault("ErrorInvalidServerVersion", "The specified server version is invalid."));

        await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal("Exchange2007_SP1", context.Server.Requests.Last().RequestServerVersion);
    }

    [Fact]
    public async Task An_html_page_instead_of_soap_is_reported_as_not_ews()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Script.Enqueue(ServerScript.HtmlPage());
        using var client = context.Client();

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.Equal(MailFailureKind.ProtocolError, error.Kind);
        Assert.Contains("text/html", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not look like Exchange Web Services", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_response_is_an_error_not_a_hang()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Script.Enqueue(ServerScript.Truncated());
        using var client = context.Client();

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.Equal(MailFailureKind.ProtocolError, error.Kind);
        Assert.Contains("cut off", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_message_download_fails_and_the_message_stays_unread()
    {
        await using var context = await EwsTestContext.StartAsync();
        var item = context.Server.Mailbox.Deliver("Cut", body: new string('y', 50_000));
        await using var mailbox = await context.Factory().OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);
        var message = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
        context.Server.Script.Enqueue(ServerScript.Truncated(0.6));

        await Assert.ThrowsAsync<MailConnectionException>(() => mailbox.OpenOneAsync(message, CancellationToken.None));

        Assert.False(item.IsRead);
        Assert.Single(context.Server.Mailbox.Inbox.Items);
    }

    [Fact]
    public async Task A_read_that_times_out_is_tried_again()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Script.Enqueue(ServerScript.Hang());
        using var client = context.Client(context.Options() with { RequestTimeout = HungRequestTimeout });

        var inbox = await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        // The hung request and at least one more (a loaded machine may let a later try run out of time too).
        Assert.Equal("inbox", inbox.FolderId);
        Assert.InRange(context.Server.HttpRequestCount, 2, 1 + context.Options().MaxRetries);
    }

    [Fact]
    public async Task A_send_that_times_out_is_not_repeated_and_may_have_been_accepted()
    {
        await using var context = await EwsTestContext.StartAsync();
        await using var transport = await context.Factory(context.Options() with { RequestTimeout = HungRequestTimeout })
            .OpenOutgoingAsync(context.Server.Account(), CancellationToken.None);
        context.Server.Script.Enqueue(ServerScript.Hang());
        var beforeSend = context.Server.HttpRequestCount; // the sign-in probe (tried again if a loaded machine made it time out)

        var error = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message("customer@example.org"), CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.True(error.MaybeAccepted);
        Assert.Equal(beforeSend + 1, context.Server.HttpRequestCount); // the one send
    }

    [Fact]
    public async Task Invalid_recipients_are_a_permanent_send_failure_with_the_servers_words()
    {
        await using var context = await EwsTestContext.StartAsync();
        await using var transport = await context.Factory().OpenOutgoingAsync(context.Server.Account(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message("nobody@invalid.example"), CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.False(error.MaybeAccepted);
        Assert.Equal("ErrorInvalidRecipients: At least one recipient isn't valid.", error.ServerReply);
        Assert.Empty(context.Server.Mailbox.Sent);
    }

    [Fact]
    public async Task A_send_throttled_beyond_the_retries_is_a_temporary_failure()
    {
        await using var context = await EwsTestContext.StartAsync();
        await using var transport = await context.Factory(context.Options() with { MaxRetries = 1 })
            .OpenOutgoingAsync(context.Server.Account(), CancellationToken.None);
        context.Server.Script.Enqueue(ServerScript.Busy(500));
        context.Server.Script.Enqueue(ServerScript.Busy(500));

        var error = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message("customer@example.org"), CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Empty(context.Server.Mailbox.Sent);
    }

    private static MimeMessage Message(string to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(EwsTestServer.User));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "Test";
        message.Body = new TextPart("plain") { Text = "Body" };
        return message;
    }
}
