namespace Mailroom.Core.Accounts;

/// <summary>
/// The names of an account's fields as every front end shows them: the command's flags without the dashes. Validation
/// problems and audit entries use these names, so a message points at the flag (or form field) to fix.
/// </summary>
public static class AccountFields
{
    public const string Name = "name";
    public const string Type = "type";
    public const string AvailableToUsers = "available-to-users";
    public const string ExchangeDomain = "exchange-domain";
    public const string Server = "server";
    public const string UseSsl = "use-ssl";
    public const string AllowInvalidCertificate = "allow-invalid-certificate";
    public const string User = "user";
    public const string Password = "password";
    public const string IncomingServer = "incoming-server";
    public const string IncomingPort = "incoming-port";
    public const string IncomingSecurity = "incoming-security";
    public const string SmtpServer = "smtp-server";
    public const string SmtpPort = "smtp-port";
    public const string SmtpSecurity = "smtp-security";
    public const string SmtpUser = "smtp-user";
    public const string SmtpPassword = "smtp-password";
    public const string SmtpUseIncomingCredentials = "smtp-use-incoming-credentials";
    public const string ServerSettingsLock = "lock-server-settings";
    public const string CredentialsLock = "lock-credentials";
    public const string ConversationId = "conversation-id";
    public const string FromAllowUserAddress = "from-allow-user-address";
    public const string FromAllowArbitrary = "from-allow-arbitrary";
    public const string FromAddress = "from-address";
    public const string DefaultFrom = "default-from";
    public const string History = "history";

    /// <summary>The sign-in method: <c>password</c>, or <c>oauth2</c> with the OAuth fields below.</summary>
    public const string Auth = "auth";
    public const string OAuthProvider = "oauth-provider";
    public const string OAuthFlow = "oauth-flow";
    public const string ClientId = "client-id";
    public const string ClientSecret = "client-secret";
    public const string ClientCertificate = "client-certificate";
    public const string Tenant = "tenant";
    public const string Authority = "authority";
    public const string AuthorizeUrl = "authorize-url";
    public const string TokenUrl = "token-url";
    public const string Scope = "scope";

    /// <summary>A Graph account's mailbox address.</summary>
    public const string Mailbox = "mailbox";
    public const string GraphUrl = "graph-url";
}
