using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mailroom.Core.Accounts;
using Mailroom.Data.OAuth;
using Mailroom.Engine.Metrics;
using Mailroom.Mail.OAuth;

namespace Mailroom.Engine.OAuth;

/// <summary>
/// The transports' <see cref="IAccessTokenSource"/>: hands out the kept access token while it is good, renews it
/// before it ends (client credentials buy a new one, delegated sign-ins use the kept refresh token), keeps the
/// rotated refresh token with it, and marks the sign-in as needing a person when the provider says so.
/// </summary>
/// <remarks>
/// On several nodes exactly one renews: it claims the row first (<see cref="OAuthTokenStore.TryClaimAsync"/>); the
/// others wait for its result and read it, so a single-use refresh token is never spent twice. Within one process a
/// lock per sign-in does the same for the monitor and the outbox asking at once. Once a sign-in needs a person,
/// nobody asks the provider again (no storm of refused requests) until someone signs in or the account is edited
/// (a new client secret is worth one more try).
/// </remarks>
internal sealed class StoredAccessTokenSource(
    OAuthTokenStore store,
    IOAuthGrants grants,
    OAuthTokenSourceOptions options,
    TimeProvider time,
    ILogger<StoredAccessTokenSource> logger) : IAccessTokenSource
{
    private readonly ConcurrentDictionary<(long, string), SemaphoreSlim> _locks = new();

    /// <summary>Who this process is when it claims a renewal: host, process and a random part, unique per source.</summary>
    public string Claimant { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public async Task<AccessToken> GetAsync(Account account, string? userAddress, bool forceRenewal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var settings = account.OAuth ?? throw new ArgumentException($"The account '{account.Name}' signs in with a password, not OAuth 2.0.", nameof(account));
        var user = userAddress?.Trim().ToLowerInvariant() ?? "";
        var gate = _locks.GetOrAdd((account.Id, user), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var kept = await store.GetAsync(account.Id, user, cancellationToken);
            ThrowIfWaitingForPerson(account, kept);
            if (kept is not null && (forceRenewal ? JustIssued(kept) : Usable(kept)))
            {
                return ToAccessToken(kept);
            }

            return await RenewAsync(account, settings, user, kept, forceRenewal, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<AccessToken> RenewAsync(Account account, OAuthSettings settings, string user, StoredOAuthToken? kept, bool forceRenewal, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.OtherNodeWait;
        var waitedLogged = false;
        while (true)
        {
            if (await store.TryClaimAsync(account.Id, user, Claimant, options.ClaimTimeToLive, cancellationToken))
            {
                // Another node may have renewed between the read and the claim: use its token rather than spend the
                // refresh token again.
                var latest = await store.GetAsync(account.Id, user, cancellationToken);
                if (latest is { SignInNeeded: true } && latest.StateAccountVersion == account.Version)
                {
                    await store.ReleaseClaimAsync(account.Id, user, Claimant, CancellationToken.None);
                    throw SignInNeeded(account, latest);
                }

                if (latest is not null && latest.Version != kept?.Version && !latest.SignInNeeded && Usable(latest) && (!forceRenewal || JustIssued(latest)))
                {
                    await store.ReleaseClaimAsync(account.Id, user, Claimant, CancellationToken.None);
                    return ToAccessToken(latest);
                }

                return await RenewClaimedAsync(account, settings, user, latest, forceRenewal, cancellationToken);
            }

            if (!waitedLogged)
            {
                OAuthLog.WaitingForOtherNode(logger, account.Id, Show(user));
                waitedLogged = true;
            }

            await Task.Delay(options.OtherNodePoll, time, cancellationToken);
            var now = await store.GetAsync(account.Id, user, cancellationToken);
            if (now is not null && now.Version != kept?.Version)
            {
                if (now.SignInNeeded)
                {
                    throw SignInNeeded(account, now);
                }

                if (Usable(now))
                {
                    return ToAccessToken(now);
                }

                kept = now;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new OAuthException(
                    $"Another Mailroom node has been renewing the access token of account '{account.Name}' for over {options.OtherNodeWait.TotalSeconds:0} s without a result; tried again later.",
                    "renewal_in_progress", isTransient: true);
            }
        }
    }

    /// <summary>Renews under this process's claim; the claim ends with the result, whatever it is.</summary>
    private async Task<AccessToken> RenewClaimedAsync(Account account, OAuthSettings settings, string user, StoredOAuthToken? kept, bool forceRenewal, CancellationToken cancellationToken)
    {
        var scopes = settings.EffectiveScopes(account.Type, account.Graph?.EffectiveGraphUrl);
        var issuedAt = time.GetUtcNow();
        GrantedTokens granted;
        try
        {
            if (settings.Flow == OAuthFlow.ClientCredentials)
            {
                granted = await grants.ClientCredentialsAsync(settings, scopes, cancellationToken);
            }
            else if (kept?.RefreshToken is { } refresh)
            {
                granted = await grants.RefreshAsync(settings, refresh, scopes, cancellationToken);
            }
            else
            {
                throw new SignInNeededException(
                    $"Sign-in needed: nobody has signed in to account '{account.Name}' yet. "
                    + (settings.Flow == OAuthFlow.DeviceCode
                        ? $"Run `mailroom accounts sign-in \"{account.Name}\"`."
                        : "Use \"Sign in\" on the account's page."),
                    "no_refresh_token");
            }
        }
        catch (OAuthException e) when (!e.IsTransient)
        {
            // Refused for a reason a later try cannot mend (revoked, expired, a wrong setting): a person must act, and
            // until then nobody asks again.
            var reason = e.Message;
            await store.MarkSignInNeededAsync(account.Id, user, Claimant, reason, account.Version, time.GetUtcNow(), CancellationToken.None);
            OAuthLog.SignInNeeded(logger, account.Id, Show(user), reason);
            MailroomMetrics.TokenRenewalFailures.Add(1, Tags(account, "sign_in_needed"));
            throw e is SignInNeededException && e.Message.StartsWith(SignInNeededPrefix, StringComparison.Ordinal)
                ? e
                : new SignInNeededException(SignInNeededMessage(reason), e.Error, e.Description, e);
        }
        catch (Exception e)
        {
            OAuthLog.RenewalFailed(logger, account.Id, Show(user), e.Message);
            MailroomMetrics.TokenRenewalFailures.Add(1, Tags(account, "transient"));
            await store.ReleaseClaimAsync(account.Id, user, Claimant, CancellationToken.None);
            throw;
        }

        // Never cut off: the provider may have spent the old refresh token, so its successor must be kept.
        await store.SaveRenewedAsync(account.Id, user, Claimant,
            new RenewedAccessToken(new Secret(granted.AccessToken.Value), issuedAt, granted.AccessToken.ExpiresAt, granted.RotatedRefreshToken), CancellationToken.None);
        OAuthLog.Renewed(logger, account.Id, Show(user), granted.AccessToken.ExpiresAt, granted.RotatedRefreshToken is null ? "kept" : "rotated");

        // Why it was renewed: a server refused the token in force, or it was ending (or there was none yet).
        MailroomMetrics.TokenRenewals.Add(1, Tags(account, forceRenewal ? "refused" : "expiring"));
        return granted.AccessToken;
    }

    private static System.Diagnostics.TagList Tags(Account account, string reason) =>
        new() { { "account", account.Name }, { "reason", reason } };

    /// <summary>
    /// A sign-in marked as needing a person stays so without asking the provider, unless the account was edited
    /// since (client credentials with a new secret, a corrected tenant).
    /// </summary>
    private static void ThrowIfWaitingForPerson(Account account, StoredOAuthToken? kept)
    {
        if (kept is { SignInNeeded: true } && kept.StateAccountVersion == account.Version)
        {
            throw SignInNeeded(account, kept);
        }
    }

    private static SignInNeededException SignInNeeded(Account account, StoredOAuthToken kept) =>
        new(SignInNeededMessage(kept.Reason ?? $"account '{account.Name}'."), "sign_in_needed", kept.Reason);

    /// <summary>Every sign-in-needed message starts alike, so the monitor's and the outbox's state reads the same everywhere.</summary>
    internal const string SignInNeededPrefix = "Sign-in needed";

    internal static string SignInNeededMessage(string reason) =>
        reason.StartsWith(SignInNeededPrefix, StringComparison.Ordinal) ? reason : $"{SignInNeededPrefix}: {reason}";

    private bool Usable(StoredOAuthToken token) =>
        !token.SignInNeeded && token is { AccessToken: not null, ExpiresAt: { } expires }
        && time.GetUtcNow() < AccessTokenTiming.RenewAt(token.IssuedAt ?? expires, expires);

    /// <summary>
    /// A token issued moments ago (by another node or task that was refused too) is as new as a renewal would give:
    /// handing it out keeps a burst of refusals from renewing once each.
    /// </summary>
    private bool JustIssued(StoredOAuthToken token) =>
        Usable(token) && token.IssuedAt is { } issued && time.GetUtcNow() - issued < options.FreshEnough;

    private static AccessToken ToAccessToken(StoredOAuthToken token) => new(token.AccessToken!.Reveal(), token.ExpiresAt!.Value);

    private static string Show(string user) => user.Length == 0 ? "account's own sign-in" : user;
}
