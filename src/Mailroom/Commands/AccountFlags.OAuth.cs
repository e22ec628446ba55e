using System.CommandLine;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;

namespace Mailroom.Commands;

/// <summary>
/// The sign-in flags (<c>--auth oauth2</c> and the provider's settings) and a Graph account's mailbox. As for every
/// flag, only those given change anything; the client secret comes from standard input or a named variable, the
/// certificate from a file, never from the line.
/// </summary>
internal sealed partial class AccountFlags
{
    public Option<string> Auth { get; } = new("--auth") { Description = "Sign-in method: password (the default) or oauth2", HelpName = "password|oauth2" };

    public Option<string> OAuthProvider { get; } = new("--oauth-provider") { Description = "OAuth 2.0: whose identity platform (required with --auth oauth2)", HelpName = "microsoft|google|custom" };

    public Option<string> ClientId { get; } = new("--client-id") { Description = "OAuth 2.0: the application (client) id registered with the provider", HelpName = "ID" };

    public Option<bool> ClientSecretStdin { get; } = new("--client-secret-stdin") { Description = "OAuth 2.0: read the client secret from standard input" };

    public Option<string> ClientSecretEnv { get; } = new("--client-secret-env") { Description = "OAuth 2.0: read the client secret from this environment variable", HelpName = "VAR" };

    public Option<string> ClientCertificateFile { get; } = new("--client-certificate-file") { Description = "Microsoft: a .pfx with its private key and no password, instead of a client secret", HelpName = "PFX" };

    public Option<bool> ClearClientSecret { get; } = new("--clear-client-secret") { Description = "Edit: remove the stored client secret and client certificate" };

    public Option<string> Tenant { get; } = new("--tenant") { Description = "Microsoft: the directory (tenant) id or domain", HelpName = "TENANT" };

    public Option<string> Authority { get; } = new("--authority") { Description = "Microsoft: the sign-in authority, for national clouds. Default: https://login.microsoftonline.com ('' goes back)", HelpName = "URL" };

    public Option<string> OAuthFlow { get; } = new("--oauth-flow") { Description = "How the first token is got. Default: authorization-code (Graph: client-credentials)", HelpName = "client-credentials|authorization-code|device-code" };

    public Option<string> TokenUrl { get; } = new("--token-url") { Description = "OAuth 2.0: the token endpoint (required for custom; '' goes back to the provider's)", HelpName = "URL" };

    public Option<string> AuthorizeUrl { get; } = new("--authorize-url") { Description = "OAuth 2.0: the sign-in page (custom with authorization-code; '' goes back to the provider's)", HelpName = "URL" };

    public Option<string[]> Scope { get; } = new("--scope") { Description = "OAuth 2.0: a scope to ask for (repeat for several; replaces the list; --scope '' goes back to the provider's default)", HelpName = "S", AllowMultipleArgumentsPerToken = false };

    public Option<string> Mailbox { get; } = new("--mailbox") { Description = "Graph: the user or shared mailbox's address", HelpName = "ADDRESS" };

    public Option<string> GraphUrl { get; } = new("--graph-url") { Description = "Graph: Graph's root. Default: https://graph.microsoft.com ('' goes back)", HelpName = "URL" };

    /// <summary>The flags of OAuth 2.0 sign-in on IMAP and POP3 accounts.</summary>
    private Option[] OAuthOptions => [Auth, OAuthProvider, ClientId, ClientSecretStdin, ClientSecretEnv, ClientCertificateFile, Tenant, Authority, OAuthFlow, TokenUrl, AuthorizeUrl, Scope];

    /// <summary>The flags of a Graph account: always Microsoft, so no provider, and no endpoints other than the authority.</summary>
    private Option[] GraphOptions => [Tenant, ClientId, ClientSecretStdin, ClientSecretEnv, ClientCertificateFile, Authority, OAuthFlow, Mailbox, GraphUrl];

    /// <summary>
    /// <paramref name="account"/> with the sign-in and Graph flags applied. Going to OAuth drops the stored passwords
    /// (tokens replace them; a password given on the same line stays, for the validator to refuse); going back to
    /// password drops every OAuth setting.
    /// </summary>
    private Account ApplySignIn(CommandContext context, Account account, List<ValidationProblem> problems)
    {
        bool Given(Option option) => context.WasGiven(option);
        string? Text(Option<string> option) => context.GetValue(option) is { Length: > 0 } text ? text.Trim() : null;

        var graph = account.Graph;
        if (account.Type == AccountType.Graph || Given(Mailbox) || Given(GraphUrl))
        {
            graph = new GraphMailboxSettings(
                Given(Mailbox) ? context.GetValue(Mailbox)?.Trim() ?? "" : graph?.Mailbox ?? "",
                Given(GraphUrl) ? Text(GraphUrl) : graph?.GraphUrl);
        }

        account = account with { Graph = graph };

        var wantOAuth = account.OAuth is not null || account.Type == AccountType.Graph;
        if (Given(Auth))
        {
            switch (context.GetValue(Auth)?.Trim().ToLowerInvariant())
            {
                case OAuthNames.OAuth2:
                    wantOAuth = true;
                    break;
                case OAuthNames.Password:
                    wantOAuth = false;
                    break;
                default:
                    problems.Add(new(AccountFields.Auth, $"must be password or oauth2, not '{context.GetValue(Auth)}'"));
                    return account;
            }
        }

        Option[] settings = [OAuthProvider, ClientId, ClientSecretStdin, ClientSecretEnv, ClientCertificateFile, ClearClientSecret, Tenant, Authority, OAuthFlow, TokenUrl, AuthorizeUrl, Scope];
        if (!wantOAuth)
        {
            foreach (var option in settings.Where(o => Given(o)))
            {
                problems.Add(new(option.Name.TrimStart('-'), Given(Auth)
                    ? "contradicts --auth password; OAuth settings are only kept with --auth oauth2"
                    : "is only used with OAuth 2.0 sign-in; add --auth oauth2"));
            }

            return account with { OAuth = null };
        }

        var current = account.OAuth;
        Core.Accounts.OAuthProvider? provider = current?.Provider ?? (account.Type == AccountType.Graph ? Core.Accounts.OAuthProvider.Microsoft : null);
        if (Given(OAuthProvider))
        {
            if (OAuthNames.TryParseProvider(context.GetValue(OAuthProvider), out var parsed))
            {
                provider = parsed;
            }
            else
            {
                problems.Add(new(AccountFields.OAuthProvider, $"must be microsoft, google or custom, not '{context.GetValue(OAuthProvider)}'"));
                return account;
            }
        }

        if (provider is null)
        {
            problems.Add(new(AccountFields.OAuthProvider, "is required with --auth oauth2: microsoft, google or custom"));
            return account;
        }

        var flow = current?.Flow ?? (account.Type == AccountType.Graph ? Core.Accounts.OAuthFlow.ClientCredentials : Core.Accounts.OAuthFlow.AuthorizationCode);
        if (Given(OAuthFlow))
        {
            if (OAuthNames.TryParseFlow(context.GetValue(OAuthFlow), out var parsed))
            {
                flow = parsed;
            }
            else
            {
                problems.Add(new(AccountFields.OAuthFlow, $"must be client-credentials, authorization-code or device-code, not '{context.GetValue(OAuthFlow)}'"));
            }
        }

        var clear = Clearing(context, ClearClientSecret, [ClientSecretStdin, ClientSecretEnv, ClientCertificateFile], problems);
        var secret = IsOn(context, ClearClientSecret) ? null : ReadSecret(context, ClientSecretStdin, ClientSecretEnv, AccountFields.ClientSecret, problems);
        var certificate = Given(ClientCertificateFile) ? ReadCertificate(context.GetValue(ClientCertificateFile) ?? "", problems) : null;

        var oauth = new OAuthSettings(provider.Value, Given(ClientId) ? context.GetValue(ClientId)?.Trim() ?? "" : current?.ClientId ?? "", flow)
        {
            // A new secret replaces a stored certificate and the other way round: an app signs in with one of them.
            ClientSecret = secret ?? (certificate is not null || clear ? null : current?.ClientSecret),
            ClientCertificate = certificate ?? (secret is not null || clear ? null : current?.ClientCertificate),
            Tenant = Given(Tenant) ? Text(Tenant) : current?.Tenant,
            Authority = Given(Authority) ? Text(Authority) : current?.Authority,
            TokenUrl = Given(TokenUrl) ? Text(TokenUrl) : current?.TokenUrl,
            AuthorizeUrl = Given(AuthorizeUrl) ? Text(AuthorizeUrl) : current?.AuthorizeUrl,
            Scopes = Given(Scope)
                ? (context.GetValue(Scope) ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToList()
                : current?.Scopes ?? [],
        };

        if (current is null && account.Type is AccountType.Imap or AccountType.Pop3)
        {
            // Switching from password: the stored passwords have no use any more and must not linger, sealed or not.
            if (!Given(PasswordStdin) && !Given(PasswordEnv))
            {
                account = account with { Credentials = account.Credentials with { Password = null } };
            }

            if (!Given(SmtpPasswordEnv) && account.Outgoing is { Credentials: { } smtpOwn } outgoing)
            {
                account = account with { Outgoing = outgoing with { Credentials = smtpOwn with { Password = null } } };
            }
        }

        return account with { OAuth = oauth };
    }

    /// <summary>
    /// The certificate file as base64, the form it is stored and sealed in. Whether it is a usable PKCS#12 is the
    /// validator's to say (the same rule for every face); only reading the file is checked here.
    /// </summary>
    private static Secret? ReadCertificate(string path, List<ValidationProblem> problems)
    {
        try
        {
            return new Secret(Convert.ToBase64String(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add(new("client-certificate-file", $"cannot read '{path}': {e.Message}"));
            return null;
        }
    }
}
