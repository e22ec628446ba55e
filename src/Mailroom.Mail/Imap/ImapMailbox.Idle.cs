using MailKit.Net.Imap;
using Mailroom.Mail.Connections;
using Mailroom.Mail.OAuth;

namespace Mailroom.Mail.Imap;

/// <summary>Waiting for new mail: IDLE (RFC 2177) where offered, else a plain wait until the next poll.</summary>
internal sealed partial class ImapMailbox
{
    public async Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        // New mail announced during an earlier command (an EXISTS with a STORE reply) counts too.
        if (_newMailSeen)
        {
            return;
        }

        if (!_client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
            return;
        }

        // IDLE ends politely (DONE) when the done token fires: on new mail, at the poll interval (which also keeps
        // the IDLE well under the 29 minutes servers allow), or when the caller cancels.
        // Cancelling MailKit's own token mid-IDLE drops the connection, so the caller's token only ends the IDLE
        // politely; the hard token fires a command timeout later, should the server not answer DONE.
        // An IDLE signed in with an access token ends before the token does; the next command reconnects with a new one.
        var idleFor = pollInterval;
        if (_token is { } token)
        {
            var left = AccessTokenTiming.ReconnectAt(_tokenReceivedAt, token.ExpiresAt) - _connector.Time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                await ReconnectAsync("the access token ends soon", cancellationToken).ConfigureAwait(false);
                return;
            }

            idleFor = left < idleFor ? left : idleFor;
        }

        using var done = new CancellationTokenSource(idleFor);
        using var hard = new CancellationTokenSource();
        var commandTimeout = _connector.Options.CommandTimeout;
        using var stop = cancellationToken.Register(() =>
        {
            done.Cancel();
            hard.CancelAfter(commandTimeout);
        });
        _idleDone = done;
        try
        {
            if (!_newMailSeen)
            {
                await CommandAsync(async ct =>
                {
                    await _client.IdleAsync(done.Token, ct).ConfigureAwait(false);
                    return true;
                }, hard.Token).ConfigureAwait(false);
            }
        }
        catch (MailConnectionException e) when (_account.OAuth is not null && !_client.IsConnected && !cancellationToken.IsCancellationRequested)
        {
            // The server ended the session (Exchange: "BYE Session invalidated - AccessTokenExpired"; Dovecot when the
            // session is kicked): sign in again, renewing the token if the server refuses the kept one, and let the
            // caller list what may have come meanwhile.
            await ReconnectAsync($"the server ended the session ({MailErrors.FirstLine(e.Message)})", cancellationToken).ConfigureAwait(false);
            _newMailSeen = true;
            return;
        }
        finally
        {
            _idleDone = null;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private void OnCountChanged(object? sender, EventArgs e)
    {
        var count = _folder.Count;
        if (count > _lastSeenCount)
        {
            _newMailSeen = true;
            try
            {
                _idleDone?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The wait already ended.
            }
        }

        _lastSeenCount = count;
    }
}
