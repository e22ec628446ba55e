using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>Hands out numbered tokens (token-1, token-2, ...) and remembers each ask; or fails as told.</summary>
internal sealed class FakeTokenSource(TimeProvider? time = null) : IAccessTokenSource
{
    private readonly List<bool> _asks = [];
    private int _issued;

    /// <summary>Each ask's forceRenewal, in order.</summary>
    public IReadOnlyList<bool> Asks
    {
        get
        {
            lock (_asks)
            {
                return [.. _asks];
            }
        }
    }

    public OAuthException? Failure { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public string Current => $"token-{_issued}";

    public Task<AccessToken> GetAsync(Account account, string? userAddress, bool forceRenewal, CancellationToken cancellationToken)
    {
        lock (_asks)
        {
            _asks.Add(forceRenewal);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        if (forceRenewal || _issued == 0)
        {
            Interlocked.Increment(ref _issued);
        }

        return Task.FromResult(new AccessToken(Current, (time ?? TimeProvider.System).GetUtcNow() + Lifetime));
    }
}
