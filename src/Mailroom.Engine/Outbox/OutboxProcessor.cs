using Mailroom.Core.Accounts;
using Mailroom.Data.Outbox;
using Mailroom.Mail;
using Mailroom.Mail.OAuth;
using MimeKit;

namespace Mailroom.Engine.Outbox;

/// <summary>
/// Sends what is due in the outbox: claims a batch, sends it grouped by account over one connection each, and
/// records every outcome. <c>outbox run --once</c> and the <see cref="OutboxWorker"/> share it.
/// </summary>
/// <remarks>
/// Each message is marked Sending before its SMTP transaction and Sent after it, so a retry never sends a second copy
/// of what the server already accepted; a crash between the two leaves it Sending, and it is sent again with its
/// stored bytes, the same Message-ID included. Temporary failures wait 1, 2, 4 … minutes (capped) until the retry
/// period is over; permanent ones are failed at once with the server's words.
/// </remarks>
internal sealed class OutboxProcessor(
    OutboxStore outbox,
    ISenderAccounts accounts,
    IMailTransportFactory transports,
    OutboxOptions options,
    TimeProvider time,
    ILogger<OutboxProcessor> logger)
{
    /// <summary>Sends everything due now, batch after batch, until nothing due is left.</summary>
    public async Task<OutboxRunResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var total = OutboxRunResult.None;

        // Retries are scheduled in the future and Sent/Failed rows are never claimed again, so this ends; the cap only
        // guards against a clock that stands still in a test.
        for (var pass = 0; pass < 1000; pass++)
        {
            var claimedAt = time.GetTimestamp();
            var claims = await outbox.ClaimDueAsync(options.NodeName, options.BatchSize, options.Lease, cancellationToken);
            if (claims.Count == 0)
            {
                break;
            }

            // The claims are renewed while the batch is worked; if they cannot be, the keeper's token stops the work
            // before another node may take them (see OutboxClaimKeeper), and what is left is taken over after the lease.
            await using var keeper = new OutboxClaimKeeper(outbox, options, time, claimedAt, claims, logger);
            using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keeper.Token);
            try
            {
                foreach (var group in claims.GroupBy(c => (c.AccountId, c.SenderUser)))
                {
                    total = total.Add(await SendGroupAsync(group.Key.AccountId, group.Key.SenderUser, group.ToList(), keeper, work.Token));
                }
            }
            catch (OperationCanceledException) when (keeper.Token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                OutboxLog.ClaimsExpired(logger, options.NodeName, options.Lease);
                break;
            }
        }

        return total;
    }

    private async Task<OutboxRunResult> SendGroupAsync(long accountId, string? senderUser, IReadOnlyList<OutboxClaim> claims, OutboxClaimKeeper keeper, CancellationToken cancellationToken)
    {
        var result = OutboxRunResult.None;
        var account = await accounts.GetAsync(accountId, senderUser, cancellationToken);
        if (account is null)
        {
            foreach (var claim in claims)
            {
                result = result.Add(await FailAsync(claim, claim.Attempts, $"The account (id {accountId}) no longer exists.", cancellationToken));
                keeper.Settled(claim.Id);
            }

            return result;
        }

        IOutgoingTransport? transport = null;
        try
        {
            for (var i = 0; i < claims.Count; i++)
            {
                var claim = claims[i];
                if (transport is null)
                {
                    try
                    {
                        transport = await transports.OpenOutgoingAsync(account, cancellationToken);
                    }
                    catch (SignInNeededException e)
                    {
                        // Nobody can sign in until a person does: the rest of the group waits, queued, not failed.
                        foreach (var waiting in claims.Skip(i))
                        {
                            result = result.Add(await HoldForSignInAsync(waiting, e, cancellationToken));
                            keeper.Settled(waiting.Id);
                        }

                        return result;
                    }
                    catch (Exception e) when (e is MailConnectionException or OAuthException)
                    {
                        // Nothing of this group can go now; each waits for its own next try.
                        foreach (var waiting in claims.Skip(i))
                        {
                            result = result.Add(await RetryOrFailAsync(waiting, waiting.Attempts + 1, Describe(e), cancellationToken));
                            keeper.Settled(waiting.Id);
                        }

                        return result;
                    }
                }

                var (outcome, broken) = await SendOneAsync(transport, claim, cancellationToken);
                keeper.Settled(claim.Id);
                result = result.Add(outcome);
                if (broken)
                {
                    await transport.DisposeAsync();
                    transport = null;
                }
            }
        }
        finally
        {
            if (transport is not null)
            {
                await transport.DisposeAsync();
            }
        }

        return result;
    }

    /// <summary>
    /// The stored message, parsed as it streams out of the database (one copy in memory, MimeKit's, instead of the
    /// bytes and then the parse); the connection is closed before sending. Null when the raw message is missing.
    /// </summary>
    private async Task<MimeMessage?> LoadAsync(long entryId, CancellationToken cancellationToken)
    {
        await using var raw = await outbox.OpenRawAsync(entryId, cancellationToken);
        return raw is null ? null : await MimeMessage.LoadAsync(raw, cancellationToken);
    }

    private async Task<(OutboxRunResult Outcome, bool ConnectionBroken)> SendOneAsync(IOutgoingTransport transport, OutboxClaim claim, CancellationToken cancellationToken)
    {
        var message = await LoadAsync(claim.EntryId, cancellationToken);
        if (message is null)
        {
            return (await FailAsync(claim, claim.Attempts, "The stored message is missing.", cancellationToken), false);
        }

        if (claim.WasSending)
        {
            OutboxLog.ResendingUnknownOutcome(logger, claim.Id, claim.MessageId);
        }

        if (!await outbox.MarkSendingAsync(claim.Id, options.NodeName, options.Lease, cancellationToken))
        {
            OutboxLog.ClaimLost(logger, claim.Id);
            return (OutboxRunResult.None, false);
        }

        SendOutcome outcome;
        try
        {
            outcome = await transport.SendAsync(message, cancellationToken);
        }
        catch (MailSendException e) when (e.IsTransient)
        {
            return (await RetryOrFailAsync(claim, claim.Attempts + 1, Describe(e), cancellationToken), true);
        }
        catch (MailSendException e)
        {
            return (await FailAsync(claim, claim.Attempts + 1, Describe(e), cancellationToken), false);
        }
        catch (MailConnectionException e)
        {
            return (await RetryOrFailAsync(claim, claim.Attempts + 1, Describe(e), cancellationToken), true);
        }
        catch (SignInNeededException e)
        {
            // Reconnecting needed a token and none can be had: nothing went out, so it waits untried.
            return (await HoldForSignInAsync(claim, e, cancellationToken), true);
        }
        catch (OAuthException e)
        {
            return (await RetryOrFailAsync(claim, claim.Attempts + 1, e.Message, cancellationToken), true);
        }

        var refused = outcome.RejectedRecipients.Count == 0
            ? null
            : "Refused recipients: " + string.Join("; ", outcome.RejectedRecipients.Select(r => $"{r.Address}: {r.ServerReply}"));
        // The server has the message: recording that is never cut off (by a stopping claim or shutdown), or it would be sent again.
        await outbox.MarkSentAsync(claim.Id, options.NodeName, refused, CancellationToken.None);
        OutboxLog.Sent(logger, claim.Id, claim.MessageId, claim.AccountId);
        return (new OutboxRunResult(1, 0, 0), false);
    }

    private async Task<OutboxRunResult> RetryOrFailAsync(OutboxClaim claim, int attempts, string error, CancellationToken cancellationToken)
    {
        var next = time.GetUtcNow() + options.DelayAfter(attempts);
        if (next > claim.GiveUpAt)
        {
            return await FailAsync(claim, attempts, $"Gave up after {attempts} tries over the retry period: {error}", cancellationToken);
        }

        await outbox.MarkRetryAsync(claim.Id, options.NodeName, attempts, next, error, cancellationToken);
        OutboxLog.Retrying(logger, claim.Id, claim.MessageId, next, error);
        return new OutboxRunResult(0, 1, 0);
    }

    /// <summary>
    /// Keeps a message queued while its account needs a sign-in: due again after one poll interval, its attempts and
    /// retry period untouched, so it goes by itself soon after someone signs in and never fails for the wait.
    /// </summary>
    private async Task<OutboxRunResult> HoldForSignInAsync(OutboxClaim claim, SignInNeededException e, CancellationToken cancellationToken)
    {
        var next = time.GetUtcNow() + options.PollInterval;
        await outbox.HoldForSignInAsync(claim.Id, options.NodeName, next, e.Message, cancellationToken);
        OutboxLog.WaitingForSignIn(logger, claim.Id, claim.MessageId, claim.AccountId, e.Message);
        return new OutboxRunResult(0, 1, 0);
    }

    private async Task<OutboxRunResult> FailAsync(OutboxClaim claim, int attempts, string error, CancellationToken cancellationToken)
    {
        await outbox.MarkFailedAsync(claim.Id, options.NodeName, attempts, error, cancellationToken);
        OutboxLog.Failed(logger, claim.Id, claim.MessageId, error);
        return new OutboxRunResult(0, 0, 1);
    }

    private static string Describe(MailSendException e) =>
        e.ServerReply is { Length: > 0 } reply && !e.Message.Contains(reply, StringComparison.Ordinal) ? $"{e.Message} Server said: {reply}" : e.Message;

    private static string Describe(Exception e) => e is MailConnectionException m ? Describe(m) : e.Message;

    private static string Describe(MailConnectionException e) =>
        e.ServerReply is { Length: > 0 } reply && !e.Message.Contains(reply, StringComparison.Ordinal) ? $"{e.Message} Server said: {reply}" : e.Message;
}
