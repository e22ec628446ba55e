using MailKit;
using MailKit.Net.Smtp;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using MimeKit;

namespace Mailroom.Mail.Smtp;

/// <summary>
/// Sends through an account's SMTP server over one connection for a whole batch, reconnecting only when the
/// connection was lost. One task at a time.
/// </summary>
internal sealed class SmtpTransport : IOutgoingTransport
{
    private readonly MailConnector _connector;
    private readonly Account _account;
    private readonly MailEndpoint _endpoint;
    private RecipientCollectingSmtpClient? _client;

    private SmtpTransport(MailConnector connector, Account account, RecipientCollectingSmtpClient client)
    {
        _connector = connector;
        _account = account;
        _endpoint = MailEndpoint.Outgoing(account);
        _client = client;
    }

    /// <summary>Connects and signs in (when the account has SMTP credentials).</summary>
    public static async Task<SmtpTransport> OpenAsync(MailConnector connector, Account account, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(connector, account, cancellationToken).ConfigureAwait(false);
        return new SmtpTransport(connector, account, client);
    }

    internal static async Task<RecipientCollectingSmtpClient> ConnectAsync(MailConnector connector, Account account, CancellationToken cancellationToken)
    {
        var endpoint = MailEndpoint.Outgoing(account);
        var client = new RecipientCollectingSmtpClient();
        try
        {
            await connector.ConnectAsync(client, endpoint, cancellationToken).ConfigureAwait(false);
            // A relay that needs no sign-in (port 25 inside a network) is used as it is when no credentials are set;
            // an account that signs in with OAuth 2.0 always signs in.
            if (account.OAuth is not null || !account.SmtpCredentials.IsBlank)
            {
                await connector.SignInAsync(client, endpoint, account, account.SmtpCredentials, cancellationToken).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            await connector.DisconnectQuietlyAsync(client, endpoint).ConfigureAwait(false);
            client.Dispose();
            throw;
        }
    }

    public async Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var client = _client is { IsConnected: true } ? _client : await ReconnectAsync(cancellationToken).ConfigureAwait(false);
        client.Rejected.Clear();
        var progress = new DataProgress();
        try
        {
            await client.SendAsync(message, cancellationToken, progress).ConfigureAwait(false);
            return client.Rejected.Count == 0 ? SendOutcome.AllAccepted : new SendOutcome(client.Rejected.ToList());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await DropAsync().ConfigureAwait(false);
            throw;
        }
        catch (SmtpCommandException e)
        {
            // The server answered: the connection is still good for the next message. MailKit has sent RSET already
            // (RFC 5321 4.1.1.5), so the next MAIL FROM starts a clean transaction on this connection.
            throw SmtpFailures.Refused(_endpoint, e, client.Rejected);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or TimeoutException or ServiceNotConnectedException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            await DropAsync().ConfigureAwait(false);
            throw SmtpFailures.ConnectionLost(_endpoint, e, progress.AllDataSent);
        }
    }

    public ValueTask DisposeAsync() => new(DropAsync());

    private async Task<RecipientCollectingSmtpClient> ReconnectAsync(CancellationToken cancellationToken)
    {
        await DropAsync().ConfigureAwait(false);
        try
        {
            _client = await ConnectAsync(_connector, _account, cancellationToken).ConfigureAwait(false);
            return _client;
        }
        catch (MailConnectionException e)
        {
            throw SmtpFailures.CannotConnect(e);
        }
    }

    private async Task DropAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            await _connector.DisconnectQuietlyAsync(client, _endpoint).ConfigureAwait(false);
            client.Dispose();
        }
    }

    /// <summary>Notes whether the whole message went out after DATA: a failure after that may still have delivered it.</summary>
    private sealed class DataProgress : ITransferProgress
    {
        public bool AllDataSent { get; private set; }

        public void Report(long bytesTransferred, long totalSize) => AllDataSent = totalSize <= 0 || bytesTransferred >= totalSize;

        public void Report(long bytesTransferred) => AllDataSent = true;
    }
}
