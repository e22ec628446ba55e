namespace Mailroom.Testing.OAuth;

/// <summary>An authorization code waiting to be redeemed (valid ten minutes, once).</summary>
internal sealed record PendingCode(
    string Code, OAuthTestClient Client, string User, string RedirectUri, string Challenge, IReadOnlyList<string> Scopes,
    bool Offline, bool Microsoft, string Tenant, DateTimeOffset ExpiresAt)
{
    public bool Redeemed { get; set; }
}

/// <summary>A refresh token the server issued.</summary>
internal sealed record RefreshGrant(
    string Token, OAuthTestClient Client, string User, IReadOnlyList<string> Scopes, bool Microsoft, string Tenant, DateTimeOffset IssuedAt)
{
    public bool Used { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool Expired { get; set; }
}

/// <summary>A device sign-in between <c>/devicecode</c> and the person's answer on the verification page.</summary>
internal sealed record DeviceGrant(
    string DeviceCode, string UserCode, OAuthTestClient Client, IReadOnlyList<string> Scopes, string Tenant, DateTimeOffset ExpiresAt)
{
    public string? ApprovedUser { get; set; }

    public bool Declined { get; set; }

    public bool Redeemed { get; set; }
}
