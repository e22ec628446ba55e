using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.Graph;
using Mailroom.Mail.OAuth;
using Mailroom.Mail.Smtp;
using MimeKit;

namespace Mailroom.Mail.AccountTests;

/// <summary>
/// Test Account for IMAP and POP3 accounts (Exchange accounts go to the registered
/// <see cref="IExchangeAccountTester"/>, Microsoft 365 accounts to the Graph tester): required fields, then the incoming server (connect, sign in, open the
/// inbox), then SMTP (connect, sign in, send a test e-mail). Stops at the first failed step.
/// </summary>
public sealed class AccountTester : IAccountTester
{
    private readonly MailConnector _connector;
    private readonly IExchangeAccountTester? _exchange;
    private readonly GraphAccountTester? _graph;
    private readonly TimeProvider _time;

    internal AccountTester(MailConnector connector, TimeProvider time, IExchangeAccountTester? exchange = null, GraphTransportFactory? graph = null)
    {
        _connector = connector;
        _exchange = exchange;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _graph = graph is null ? null : new GraphAccountTester(graph, _time);
    }

    public async Task<AccountTestReport> TestAsync(Account account, string recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Type == AccountType.Exchange)
        {
            return _exchange is null
                ? new AccountTestReport([new AccountTestStep("Exchange test", false, "Exchange test not available: this build has no Exchange transport registered.", "test the account once Exchange support is installed.")])
                : await _exchange.TestAsync(account, recipient, cancellationToken).ConfigureAwait(false);
        }

        if (account.Type == AccountType.Graph)
        {
            return _graph is null
                ? new AccountTestReport([new AccountTestStep("Microsoft 365 test", false, "Microsoft 365 (Graph) test not available: this build has no Graph transport registered.", "test the account once Graph support is installed.")])
                : await _graph.TestAsync(account, recipient, cancellationToken).ConfigureAwait(false);
        }

        var run = new Run();
        var missing = AccountTestRequirements.Missing(account, recipient);
        if (missing.Count > 0)
        {
            run.Fail("Required fields", $"missing: {string.Join(", ", missing)}", "fill these in; no server was contacted. Blank credentials mean each user enters their own: test with a user's credentials.");
            return run.Report();
        }

        run.Pass("Required fields", "all filled in");
        if (account.OAuth is { } oauth
            && !await run.StepAsync($"Get an access token from {oauth.Provider} ({TokenHost(oauth)})", () => GetTokenAsync(account, cancellationToken)))
        {
            return run.Report();
        }

        if (await TestIncomingAsync(run, account, cancellationToken).ConfigureAwait(false))
        {
            await TestOutgoingAsync(run, account, recipient, cancellationToken).ConfigureAwait(false);
        }

        return run.Report();
    }

    private async Task<bool> TestIncomingAsync(Run run, Account account, CancellationToken cancellationToken)
    {
        var endpoint = MailEndpoint.Incoming(account);
        using var client = account.Type == AccountType.Pop3 ? (MailService)new Pop3Client() : new ImapClient();
        try
        {
            return await run.StepAsync($"Connect to {endpoint}", () => ConnectAsync(client, endpoint, cancellationToken))
                && await run.StepAsync($"Sign in to {endpoint.ProtocolName} as {account.Credentials.User}", () => SignInAsync(client, endpoint, account, account.Credentials, cancellationToken))
                && await run.StepAsync(client is ImapClient ? "Open folder INBOX" : "Open mailbox", () => OpenInboxAsync(client, endpoint, cancellationToken));
        }
        finally
        {
            await _connector.DisconnectQuietlyAsync(client, endpoint).ConfigureAwait(false);
        }
    }

    private async Task TestOutgoingAsync(Run run, Account account, string recipient, CancellationToken cancellationToken)
    {
        var endpoint = MailEndpoint.Outgoing(account);
        var credentials = account.SmtpCredentials;
        using var client = new RecipientCollectingSmtpClient();
        try
        {
            _ = await run.StepAsync($"Connect to {endpoint}", () => ConnectAsync(client, endpoint, cancellationToken))
                && await run.StepAsync($"Sign in to SMTP as {credentials.User}", () => SignInAsync(client, endpoint, account, credentials, cancellationToken))
                && await run.StepAsync($"Send test e-mail to {recipient}", () => SendTestAsync(client, endpoint, account, recipient, cancellationToken));
        }
        finally
        {
            await _connector.DisconnectQuietlyAsync(client, endpoint).ConfigureAwait(false);
        }
    }

    private async Task<string> ConnectAsync(MailService client, MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var check = await _connector.ConnectAsync(client, endpoint, cancellationToken).ConfigureAwait(false);
        var tls = client.IsSecure ? $"secured with {client.SslProtocol}" : "not encrypted";
        return check.Problem is null
            ? $"connected, {tls}"
            : $"connected, {tls}; the certificate is not valid ({check.Problem}; subject {check.Subject}, issuer {check.Issuer}, expires {check.FormatExpiry()}) and was accepted only because Allow Invalid Server Certificate is on";
    }

    private async Task<string> SignInAsync(MailService client, MailEndpoint endpoint, Account account, Credentials credentials, CancellationToken cancellationToken)
    {
        var token = await _connector.SignInAsync(client, endpoint, account, credentials, cancellationToken).ConfigureAwait(false);
        return token is null ? "signed in" : $"signed in with {client.AuthenticationMechanisms.FirstOrDefault(m => m is "OAUTHBEARER") ?? "XOAUTH2"} and an access token";
    }

    /// <summary>The token step on its own, so a refusal by the identity platform is told apart from a refusal by the mail server.</summary>
    private async Task<string> GetTokenAsync(Account account, CancellationToken cancellationToken)
    {
        var tokens = _connector.Tokens ?? throw new MailConnectionException(MailFailureKind.AuthenticationFailed, "this program has no token source for OAuth 2.0 accounts.");
        var token = await tokens.GetAsync(account, account.OAuthUser, forceRenewal: false, cancellationToken).ConfigureAwait(false);
        return $"access token valid until {token.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
    }

    private static string TokenHost(OAuthSettings oauth) =>
        Uri.TryCreate(oauth.EffectiveTokenUrl, UriKind.Absolute, out var url) ? url.GetLeftPart(UriPartial.Path) : "no token URL";

    private Task<string> OpenInboxAsync(MailService client, MailEndpoint endpoint, CancellationToken cancellationToken) =>
        _connector.RunAsync(endpoint, MailStage.OpenFolder, null, _connector.Options.CommandTimeout, async ct =>
        {
            if (client is ImapClient imap)
            {
                await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
                return $"{imap.Inbox.Count} messages";
            }

            var pop = (Pop3Client)client;
            return $"{pop.Count} messages";
        }, cancellationToken);

    private async Task<string> SendTestAsync(RecipientCollectingSmtpClient client, MailEndpoint endpoint, Account account, string recipient, CancellationToken cancellationToken)
    {
        var from = AccountTestRequirements.SenderOf(account)!;
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = $"Mailroom test e-mail for account {account.Name}";
        message.Date = _time.GetUtcNow();
        message.Body = new TextPart("plain")
        {
            Text = $"This e-mail was sent by Test Account in Mailroom for the account \"{account.Name}\" through {endpoint}.\r\nIt arrived, so sending through this account works. No reply is needed.\r\n",
        };
        client.Rejected.Clear();
        await _connector.RunAsync(endpoint, MailStage.Command, null, _connector.Options.CommandTimeout, async ct =>
        {
            try
            {
                await client.SendAsync(message, ct).ConfigureAwait(false);
            }
            catch (MailKit.Net.Smtp.SmtpCommandException e)
            {
                throw new MailConnectionException(MailFailureKind.ServerError, SmtpFailures.Refused(endpoint, e, client.Rejected).Message, MailErrors.FirstLine(e.Message), e);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (client.Rejected.Count > 0)
        {
            throw new MailConnectionException(MailFailureKind.ServerError,
                $"{endpoint}: the server refused {string.Join("; ", client.Rejected.Select(r => $"{r.Address}: {r.ServerReply}"))}");
        }

        return $"accepted by the server, from {from.Address}, subject \"{message.Subject}\"";
    }

    /// <summary>The steps so far; a step is a function that returns its detail or throws.</summary>
    private sealed class Run
    {
        private readonly List<AccountTestStep> _steps = [];

        public void Pass(string name, string detail) => _steps.Add(new AccountTestStep(name, true, detail));

        public void Fail(string name, string detail, string hint) => _steps.Add(new AccountTestStep(name, false, detail, hint));

        public AccountTestReport Report() => new(_steps.ToList());

        public async Task<bool> StepAsync(string name, Func<Task<string>> step)
        {
            try
            {
                Pass(name, await step().ConfigureAwait(false));
                return true;
            }
            catch (MailConnectionException e)
            {
                Fail(name, e.Message, AccountTestHints.For(e.Kind));
                return false;
            }
            catch (OAuthException e)
            {
                // The identity platform's own words (AADSTS code and text) are in the message.
                Fail(name, e.Message, e is SignInNeededException
                    ? "sign in again (mailroom accounts sign-in, or Sign in on the account's page), then test again."
                    : e.IsTransient ? "the identity platform failed for now; test again later." : "fix the account's OAuth setting named above, then test again.");
                return false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything unforeseen still ends as a failed step in words, never as a stack trace.
                Fail(name, $"unexpected failure: {MailErrors.FirstLine(e.Message)}", AccountTestHints.For(MailFailureKind.ServerError));
                return false;
            }
        }
    }
}
