namespace Mailroom.Core.Accounts;

/// <summary>Whose identity platform issues an account's OAuth 2.0 tokens; it decides the default endpoints and scopes.</summary>
public enum OAuthProvider
{
    /// <summary>Microsoft Entra ID (Microsoft 365): <c>{authority}/{tenant}/oauth2/v2.0/authorize|token|devicecode</c>.</summary>
    Microsoft,

    /// <summary>Google (Gmail, Google Workspace): fixed endpoints, scope <c>https://mail.google.com/</c>.</summary>
    Google,

    /// <summary>Any other provider: authorize URL, token URL and scopes are given.</summary>
    Custom,
}
