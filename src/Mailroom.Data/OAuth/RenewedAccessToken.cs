using Mailroom.Core.Accounts;

namespace Mailroom.Data.OAuth;

/// <summary>A token answer to keep: the new access token and, when the provider rotated it, the new refresh token.</summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="IssuedAt">When it was issued (the answer's arrival).</param>
/// <param name="ExpiresAt">When it ends.</param>
/// <param name="RefreshToken">The rotated refresh token; null keeps the one stored.</param>
public sealed record RenewedAccessToken(Secret AccessToken, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, Secret? RefreshToken);
