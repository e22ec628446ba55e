namespace Mailroom.Mail.OAuth;

/// <summary>
/// When an access token is renewed, and when a long-lived connection signed in with one reconnects: one home for
/// both, so a connection never reconnects before the token source would hand out a new token (it would sign in
/// again with the old one and reconnect at once once more).
/// </summary>
public static class AccessTokenTiming
{
    /// <summary>Renew this long before expiry at most: an hour's token is renewed 5 minutes early.</summary>
    public static readonly TimeSpan RenewalMargin = TimeSpan.FromMinutes(5);

    /// <summary>A connection reconnects this long before expiry at most; always later than the renewal point.</summary>
    public static readonly TimeSpan ReconnectMargin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// From when the token source renews: 5 minutes before expiry, or a fifth of the lifetime before it for short
    /// tokens (a 10-second test token is renewed with 2 seconds left).
    /// </summary>
    public static DateTimeOffset RenewAt(DateTimeOffset issuedAt, DateTimeOffset expiresAt) =>
        expiresAt - Min(RenewalMargin, (expiresAt - issuedAt) / 5);

    /// <summary>
    /// When a connection that signed in with a token received at <paramref name="receivedAt"/> reconnects: a minute
    /// before expiry, or a tenth of what was left of the lifetime. A tenth of what is left is never more than a fifth
    /// of the whole, so the source renews by then.
    /// </summary>
    public static DateTimeOffset ReconnectAt(DateTimeOffset receivedAt, DateTimeOffset expiresAt) =>
        expiresAt - Min(ReconnectMargin, (expiresAt - receivedAt) / 10);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a < TimeSpan.Zero ? TimeSpan.Zero : a) : (b < TimeSpan.Zero ? TimeSpan.Zero : b);
}
