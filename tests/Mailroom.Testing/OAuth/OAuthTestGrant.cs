namespace Mailroom.Testing.OAuth;

/// <summary>The grants the local authorization server answers, for its counters.</summary>
public enum OAuthTestGrant
{
    ClientCredentials,
    AuthorizationCode,
    RefreshToken,
    DeviceCode,
}
