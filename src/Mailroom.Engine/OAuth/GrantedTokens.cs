using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;

namespace Mailroom.Engine.OAuth;

/// <summary>What a token request gave: the access token and, when the provider sent a new one, the rotated refresh token.</summary>
internal sealed record GrantedTokens(AccessToken AccessToken, Secret? RotatedRefreshToken)
{
    public override string ToString() => $"(tokens: {AccessToken}, refresh token {(RotatedRefreshToken is null ? "kept" : "rotated")})";
}
