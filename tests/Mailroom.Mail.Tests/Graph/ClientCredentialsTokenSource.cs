using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>
/// The token source the Graph tests use in place of the engine's store: client credentials through the real
/// <see cref="OAuthTokenClient"/> against the local authorization server, the token kept until it ends (or, with
/// <see cref="KeepExpired"/>, past its end, as a stale cache would) unless renewal is forced.
/// </summary>
internal sealed class ClientCredentialsTokenSource(TimeProvider? time = null) : IAccessTokenSource
{
    private readonly OAuthTokenClient _client = new(new HttpClient(), NullLogger<OAuthTokenClient>.Instance, time ?? TimeProvider.System);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private AccessToken? _kept;
    private int _bought;

    /// <summary>Hand out the kept token even after it ended, so the Graph server is the one to refuse it.</summary>
    public bool KeepExpired { get; set; }

    public int Bought => Volatile.Read(ref _bought);

    public int Forced { get; private set; }

    public async Task<AccessToken> GetAsync(Account account, string? userAddress, bool forceRenewal, CancellationToken cancellationToken)
    {
        Forced += forceRenewal ? 1 : 0;
        if (!forceRenewal && _kept is { } kept && (KeepExpired || kept.ExpiresAt > _time.GetUtcNow()))
        {
            return kept;
        }

        var tokens = await _client.ClientCredentialsAsync(account.OAuth!, account.OAuth!.EffectiveScopes(AccountType.Graph, account.Graph!.EffectiveGraphUrl), cancellationToken);
        Interlocked.Increment(ref _bought);
        _kept = tokens.AccessToken;
        return _kept;
    }
}
