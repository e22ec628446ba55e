namespace Mailroom.Engine.OAuth;

/// <summary>How long the token source claims a renewal and waits for another node's; the defaults suit every installation.</summary>
internal sealed record OAuthTokenSourceOptions
{
    /// <summary>
    /// How long a renewal claim holds (60 s): longer than a token request may take (the token client gives up after
    /// 30 s), so a slow provider does not let a second node spend the same refresh token; short enough that a node
    /// that died mid-renewal holds nobody up for long.
    /// </summary>
    public TimeSpan ClaimTimeToLive { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a node waits for another node's renewal before giving up for now (75 s: past one claim's life).</summary>
    public TimeSpan OtherNodeWait { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>How often a waiting node reads the row for the winner's token.</summary>
    public TimeSpan OtherNodePoll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A token issued this recently counts as renewed already when a server refused the one before it.</summary>
    public TimeSpan FreshEnough { get; init; } = TimeSpan.FromSeconds(5);
}
