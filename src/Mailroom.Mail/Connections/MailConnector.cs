using MailKit;
using MailKit.Security;
using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mailroom.Mail.Connections;

/// <summary>
/// Connects and signs in MailKit clients with the account's security mode, certificate policy and timeouts, and
/// turns every failure into a <see cref="MailConnectionException"/>. Shared by IMAP, POP3, SMTP and Test Account.
/// </summary>
internal sealed class MailConnector(IOptions<MailConnectionOptions> options, ILogger<MailConnector> logger, TimeProvider time, IAccessTokenSource? tokens = null)
{
    public MailConnectionOptions Options { get; } = options.Value;

    /// <summary>
    /// The clock the access tokens were issued on, so a connection that signed in with one reconnects before it ends by
    /// the same reckoning (the registered <see cref="TimeProvider"/>).
    /// </summary>
    public TimeProvider Time => time;

    /// <summary>Where accounts that sign in with OAuth 2.0 get their tokens; null when the host registered none.</summary>
    public IAccessTokenSource? Tokens => tokens;

    public ILogger Logger => logger;

    /// <summary>Connects (TLS as the endpoint says) within the connect timeout; returns what was seen of the certificate.</summary>
    public async Task<CertificateCheck> ConnectAsync(MailService client, MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var check = new CertificateCheck(endpoint, logger);
        client.Timeout = (int)Options.CommandTimeout.TotalMilliseconds;
        client.ServerCertificateValidationCallback = check.Validate;
        await RunAsync(endpoint, MailStage.Connect, check, Options.ConnectTimeout, async ct =>
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, endpoint.SocketOptions, ct).ConfigureAwait(false);
            ConnectionLog.Connected(logger, endpoint.ToString());
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return check;
    }

    /// <summary>Signs in with a password (the server's best mechanism) or an OAuth 2.0 token, within the connect timeout.</summary>
    public Task SignInAsync(MailService client, MailEndpoint endpoint, Credentials credentials, CancellationToken cancellationToken) =>
        RunAsync(endpoint, MailStage.SignIn, null, Options.ConnectTimeout, async ct =>
        {
            if (credentials.Kind == CredentialKind.OAuth2Token)
            {
                var mechanism = SaslChoice.ForToken(client.AuthenticationMechanisms, credentials.User ?? string.Empty, credentials.Password?.Reveal() ?? string.Empty)
                    ?? throw new MailConnectionException(MailFailureKind.AuthenticationFailed,
                        $"{endpoint}: the server offers no OAuth 2.0 sign-in (OAUTHBEARER or XOAUTH2); it offers {string.Join(", ", client.AuthenticationMechanisms)}. Use a password for this server, or check the security mode (some servers offer OAuth only over TLS).");
                try
                {
                    await client.AuthenticateAsync(mechanism, ct).ConfigureAwait(false);
                }
                catch (MailKit.Net.Pop3.Pop3ProtocolException e) when (!client.IsAuthenticated)
                {
                    // A refused token is answered with an error challenge (RFC 7628 section 3.2.2); MailKit's POP3
                    // client takes that for a protocol error and drops the connection. It is a refused sign-in, so
                    // the token source renews once instead of the account being reported as not speaking POP3.
                    throw new AuthenticationException("The server refused the OAuth 2.0 token.", e);
                }
            }
            else
            {
                var credential = SaslChoice.Credential(credentials);
                if (SaslChoice.ForPassword(client.AuthenticationMechanisms, credential) is { } mechanism)
                {
                    await client.AuthenticateAsync(mechanism, ct).ConfigureAwait(false);
                }
                else
                {
                    await client.AuthenticateAsync(credential, ct).ConfigureAwait(false);
                }
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// Signs in as the account does: with <paramref name="credentials"/>' password, or, when the account signs in with
    /// OAuth 2.0, with an access token from <see cref="Tokens"/> in <paramref name="credentials"/>' user's name. A token
    /// the server refuses is renewed once (it may have been revoked early, or the clocks disagree) and tried once more.
    /// Returns the token signed in with (null for a password), so a long-lived connection knows when it ends.
    /// </summary>
    /// <exception cref="MailConnectionException">The server refused the sign-in (with a renewed token too).</exception>
    /// <exception cref="SignInNeededException">No token without a person signing in again.</exception>
    /// <exception cref="OAuthException">The identity platform failed; a later try may work.</exception>
    public async Task<AccessToken?> SignInAsync(MailService client, MailEndpoint endpoint, Account account, Credentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.OAuth is null)
        {
            await SignInAsync(client, endpoint, credentials, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var source = tokens ?? throw new MailConnectionException(MailFailureKind.AuthenticationFailed,
            $"{endpoint}: the account '{account.Name}' signs in with OAuth 2.0, but this program has no token source. Run it through `mailroom serve` or the mailroom commands.");
        var token = await source.GetAsync(account, account.OAuthUser, forceRenewal: false, cancellationToken).ConfigureAwait(false);
        try
        {
            await SignInAsync(client, endpoint, WithToken(credentials, token), cancellationToken).ConfigureAwait(false);
            return token;
        }
        catch (MailConnectionException e) when (e.Kind == MailFailureKind.AuthenticationFailed)
        {
            ConnectionLog.TokenRefused(logger, endpoint.ToString(), account.Id);
            token = await source.GetAsync(account, account.OAuthUser, forceRenewal: true, cancellationToken).ConfigureAwait(false);
            if (!client.IsConnected)
            {
                await ConnectAsync(client, endpoint, cancellationToken).ConfigureAwait(false);
            }

            await SignInAsync(client, endpoint, WithToken(credentials, token), cancellationToken).ConfigureAwait(false);
            return token;
        }
    }

    private static Credentials WithToken(Credentials credentials, AccessToken token) =>
        credentials with { Password = new Secret(token.Value), Kind = CredentialKind.OAuth2Token };

    /// <summary>Connects then signs in; on failure the client is left disconnected.</summary>
    public async Task OpenAsync(MailService client, MailEndpoint endpoint, Credentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(client, endpoint, cancellationToken).ConfigureAwait(false);
            await SignInAsync(client, endpoint, credentials, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisconnectQuietlyAsync(client, endpoint).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connects then signs in as the account does (password or OAuth 2.0 token); on failure the client is left disconnected.</summary>
    public async Task<AccessToken?> OpenAsync(MailService client, MailEndpoint endpoint, Account account, Credentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(client, endpoint, cancellationToken).ConfigureAwait(false);
            return await SignInAsync(client, endpoint, account, credentials, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisconnectQuietlyAsync(client, endpoint).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs one step with a hard time limit on top of MailKit's socket timeout, so nothing hangs past it, and maps
    /// failures. The caller's cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(MailEndpoint endpoint, MailStage stage, CertificateCheck? check, TimeSpan timeout, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await step(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var failure = MailErrors.Map(e, endpoint, stage, check, timeout, timedOut: limit.IsCancellationRequested && e is OperationCanceledException);
            ConnectionLog.Failed(logger, endpoint.ToString(), failure.Kind, failure.Message);
            throw failure;
        }
    }

    /// <summary>Disconnects politely when possible; a dead connection is simply dropped.</summary>
    public async Task DisconnectQuietlyAsync(MailService client, MailEndpoint endpoint)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(true, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ProtocolException or CommandException or System.Net.Sockets.SocketException or TimeoutException)
        {
            ConnectionLog.DisconnectFailed(logger, endpoint.ToString(), e.Message);
        }
    }
}
