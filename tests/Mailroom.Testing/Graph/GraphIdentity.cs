namespace Mailroom.Testing.Graph;

/// <summary>Who a valid bearer token says is calling: an app on its own (client credentials: <c>roles</c>, no
/// <c>scp</c>) or an app for a signed-in user (delegated: <c>scp</c>).</summary>
/// <param name="AppId">The client id (<c>appid</c> or <c>azp</c>).</param>
/// <param name="User">The signed-in user's address (delegated only: <c>upn</c>, <c>preferred_username</c>, else <c>sub</c>).</param>
/// <param name="Permissions">The token's application roles or delegated scopes, without any resource prefix.</param>
internal sealed record GraphIdentity(string? AppId, string? User, IReadOnlySet<string> Permissions)
{
    public bool IsAppOnly => User is null;

    public static GraphIdentity Anonymous { get; } = new(null, null, new HashSet<string>());
}
