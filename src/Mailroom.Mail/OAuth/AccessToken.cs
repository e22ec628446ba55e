namespace Mailroom.Mail.OAuth;

/// <summary>An OAuth 2.0 access token and when it stops working. <see cref="ToString"/> never shows the value.</summary>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"(access token until {ExpiresAt:O})";
}
