namespace Mailroom.Testing.OAuth;

/// <summary>The claims of an access token the local server issued and <see cref="OAuthTestServer.Validate"/> accepted.</summary>
/// <param name="Subject"><c>sub</c>: the mailbox user for delegated tokens, <see cref="OAuthTestClient.AppSubject"/> for app-only ones.</param>
/// <param name="Audience"><c>aud</c>: the resource, e.g. <c>https://outlook.office365.com</c> or <c>https://graph.microsoft.com</c>.</param>
/// <param name="Scopes"><c>scp</c> of a delegated token (empty for app-only).</param>
/// <param name="Roles"><c>roles</c> of an app-only token (empty for delegated).</param>
/// <param name="TenantId"><c>tid</c>.</param>
/// <param name="AppId"><c>appid</c>: the client id.</param>
/// <param name="ExpiresAt"><c>exp</c>.</param>
public sealed record OAuthTestAccessToken(
    string Subject, string Audience, IReadOnlyList<string> Scopes, IReadOnlyList<string> Roles, string TenantId, string AppId, DateTimeOffset ExpiresAt)
{
    public bool IsAppOnly => Roles.Count > 0 || Scopes.Count == 0;
}
