using Mailroom.Core.Validation;

namespace Mailroom.Core.Accounts;

/// <summary>
/// The rules for OAuth 2.0 sign-in and for Microsoft 365 (Graph) accounts. They follow what each identity platform
/// accepts (see <c>reference/graph-oauth.md</c>), so an account that passes here does not fail later on a setting
/// the provider was never going to take.
/// </summary>
public static partial class AccountValidator
{
    // Tenants that name a class of accounts rather than one directory: Microsoft refuses them for app-only tokens.
    private static readonly string[] MultiTenantNames = ["common", "organizations", "consumers"];

    private static void ValidateGraph(Account account, List<ValidationProblem> problems)
    {
        if (account.Exchange is not null)
        {
            problems.Add(new(AccountFields.ExchangeDomain, "is not used by Microsoft 365 (Graph) accounts; Graph needs only the tenant, client and mailbox"));
        }

        if (account.Incoming is not null)
        {
            problems.Add(new(AccountFields.IncomingServer, "is not used by Microsoft 365 (Graph) accounts; mail is read through Graph"));
        }

        if (account.Outgoing is not null)
        {
            problems.Add(new(AccountFields.SmtpServer, "is not used by Microsoft 365 (Graph) accounts; mail is sent through Graph"));
        }

        if (!string.IsNullOrEmpty(account.Credentials.User))
        {
            problems.Add(new(AccountFields.User, "is not used by Microsoft 365 (Graph) accounts; the mailbox is --mailbox"));
        }

        if (account.Credentials.Password is not null)
        {
            problems.Add(new(AccountFields.Password, "is not used by Microsoft 365 (Graph) accounts; they sign in with OAuth 2.0 (--client-secret-stdin or --client-certificate-file)"));
        }

        var graph = account.Graph;
        if (string.IsNullOrWhiteSpace(graph?.Mailbox))
        {
            problems.Add(new(AccountFields.Mailbox, "is required for a Microsoft 365 (Graph) account: the user or shared mailbox's address"));
        }
        else if (!AddressSpec.IsValid(graph.Mailbox))
        {
            problems.Add(new(AccountFields.Mailbox, $"must be the mailbox's e-mail address (user@domain), not '{graph.Mailbox}'"));
        }

        if (graph?.GraphUrl is { } graphUrl && CheckUrl(graphUrl, AccountFields.GraphUrl, problems, allowPath: false))
        {
            var path = new Uri(graphUrl).AbsolutePath.TrimEnd('/');
            if (path.Length > 0)
            {
                problems.Add(new(AccountFields.GraphUrl, $"must be Graph's root such as {GraphMailboxSettings.DefaultGraphUrl}, without a path ('{path}'): Mailroom adds /v1.0 itself"));
            }
        }

        if (account.OAuth is not { } oauth)
        {
            problems.Add(new(AccountFields.Auth, "must be oauth2 for a Microsoft 365 (Graph) account: Graph takes no password (give --tenant, --client-id and a client secret or certificate)"));
            return;
        }

        if (oauth.Provider != OAuthProvider.Microsoft)
        {
            problems.Add(new(AccountFields.OAuthProvider, $"must be microsoft for a Microsoft 365 (Graph) account, not '{OAuthNames.Provider(oauth.Provider)}'"));
        }

        if (oauth.Flow is not (OAuthFlow.ClientCredentials or OAuthFlow.AuthorizationCode))
        {
            problems.Add(new(AccountFields.OAuthFlow, $"must be client-credentials or authorization-code for a Microsoft 365 (Graph) account, not '{OAuthNames.Flow(oauth.Flow)}'"));
        }
    }

    private static void ValidateOAuth(Account account, List<ValidationProblem> problems)
    {
        if (account.OAuth is not { } oauth)
        {
            return;
        }

        if (account.Type == AccountType.Exchange)
        {
            problems.Add(new(AccountFields.Auth, "must be password for an Exchange account: Exchange Online refuses EWS, so use a Microsoft 365 (Graph) account for OAuth 2.0"));
            return;
        }

        if (account.Type is AccountType.Imap or AccountType.Pop3)
        {
            if (account.Credentials.Password is not null)
            {
                problems.Add(new(AccountFields.Password, "is not used with OAuth 2.0 sign-in: the account signs in with tokens (clear it, or go back with --auth password)"));
            }

            if (account.Outgoing?.Credentials?.Password is not null)
            {
                problems.Add(new(AccountFields.SmtpPassword, "is not used with OAuth 2.0 sign-in: SMTP signs in with the account's token (clear it, or go back with --auth password)"));
            }
        }

        if (string.IsNullOrWhiteSpace(oauth.ClientId))
        {
            problems.Add(new(AccountFields.ClientId, "is required with OAuth 2.0: the application (client) id registered with the provider"));
        }
        else if (oauth.ClientId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            problems.Add(new(AccountFields.ClientId, "must not contain spaces or control characters"));
        }

        ValidateProvider(oauth, problems);
        ValidateClientSecrets(oauth, problems);

        if (oauth.Authority is { } authority)
        {
            if (oauth.Provider != OAuthProvider.Microsoft)
            {
                problems.Add(new(AccountFields.Authority, "is only used with the microsoft provider (for national clouds); give --token-url and --authorize-url instead"));
            }
            else
            {
                CheckUrl(authority, AccountFields.Authority, problems, allowPath: true);
            }
        }

        if (oauth.TokenUrl is { } tokenUrl)
        {
            CheckUrl(tokenUrl, AccountFields.TokenUrl, problems, allowPath: true);
        }

        if (oauth.AuthorizeUrl is { } authorizeUrl)
        {
            CheckUrl(authorizeUrl, AccountFields.AuthorizeUrl, problems, allowPath: true);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in oauth.Scopes)
        {
            if (!IsScopeToken(scope))
            {
                problems.Add(new(AccountFields.Scope, $"'{scope}' is not a scope: one word of printable characters without spaces, quotes or backslashes (RFC 6749, 3.3); give --scope once per scope"));
            }
            else if (!seen.Add(scope))
            {
                problems.Add(new(AccountFields.Scope, $"'{scope}' is given more than once"));
            }
        }
    }

    private static void ValidateProvider(OAuthSettings oauth, List<ValidationProblem> problems)
    {
        switch (oauth.Provider)
        {
            case OAuthProvider.Microsoft:
                if (string.IsNullOrWhiteSpace(oauth.Tenant))
                {
                    problems.Add(new(AccountFields.Tenant, "is required with the microsoft provider: the directory (tenant) id or a domain such as contoso.onmicrosoft.com"));
                }
                else if (oauth.Tenant.Contains(':', StringComparison.Ordinal) || !HostName.IsValid(oauth.Tenant))
                {
                    problems.Add(new(AccountFields.Tenant, $"'{oauth.Tenant}' is neither a tenant id (a GUID) nor a domain name"));
                }
                else if (oauth.Flow == OAuthFlow.ClientCredentials && MultiTenantNames.Contains(oauth.Tenant, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add(new(AccountFields.Tenant, $"must name one directory with the client-credentials flow, not '{oauth.Tenant}': give the tenant id or its domain"));
                }

                break;
            case OAuthProvider.Google:
                if (oauth.Flow == OAuthFlow.ClientCredentials)
                {
                    problems.Add(new(AccountFields.OAuthFlow, "client-credentials is offered for the microsoft provider only (Google's app-only access is a service account); use authorization-code"));
                }
                else if (oauth.Flow == OAuthFlow.DeviceCode)
                {
                    problems.Add(new(AccountFields.OAuthFlow, "device-code is not allowed by Google for mail scopes; use authorization-code"));
                }

                if (oauth.Tenant is not null)
                {
                    problems.Add(new(AccountFields.Tenant, "is only used with the microsoft provider"));
                }

                break;
            case OAuthProvider.Custom:
                if (oauth.TokenUrl is null)
                {
                    problems.Add(new(AccountFields.TokenUrl, "is required with the custom provider: where tokens are bought and renewed"));
                }

                if (oauth.Flow == OAuthFlow.AuthorizationCode && oauth.AuthorizeUrl is null)
                {
                    problems.Add(new(AccountFields.AuthorizeUrl, "is required with the custom provider and the authorization-code flow: where a person signs in"));
                }

                if (oauth.Scopes.Count == 0)
                {
                    problems.Add(new(AccountFields.Scope, "at least one is required with the custom provider (Mailroom cannot guess a custom provider's mail scope); give --scope"));
                }

                if (oauth.Flow == OAuthFlow.ClientCredentials)
                {
                    problems.Add(new(AccountFields.OAuthFlow, "client-credentials is offered for the microsoft provider only; use authorization-code"));
                }
                else if (oauth.Flow == OAuthFlow.DeviceCode)
                {
                    problems.Add(new(AccountFields.OAuthFlow, "device-code is offered for the microsoft provider only (a custom provider's device endpoint is not known); use authorization-code"));
                }

                if (oauth.Tenant is not null)
                {
                    problems.Add(new(AccountFields.Tenant, "is only used with the microsoft provider"));
                }

                break;
            default:
                problems.Add(new(AccountFields.OAuthProvider, $"must be microsoft, google or custom, not '{oauth.Provider}'"));
                break;
        }
    }

    private static void ValidateClientSecrets(OAuthSettings oauth, List<ValidationProblem> problems)
    {
        if (oauth.ClientSecret is not null && oauth.ClientCertificate is not null)
        {
            problems.Add(new(AccountFields.ClientCertificate, "give either a client secret or a client certificate, not both"));
        }

        if (oauth.ClientSecret is { } secret && (secret.Reveal().Length == 0 || secret.Reveal().Any(char.IsControl)))
        {
            problems.Add(new(AccountFields.ClientSecret, "must not be empty or contain control characters such as a line break"));
        }

        if (oauth.ClientCertificate is { } certificate)
        {
            if (oauth.Provider != OAuthProvider.Microsoft)
            {
                problems.Add(new(AccountFields.ClientCertificate, "is only used with the microsoft provider; give a client secret instead"));
            }
            else if (ClientCertificateProblem(certificate) is { } problem)
            {
                problems.Add(new(AccountFields.ClientCertificate, problem));
            }
        }

        if (oauth.Flow == OAuthFlow.ClientCredentials && oauth.ClientSecret is null && oauth.ClientCertificate is null)
        {
            problems.Add(new(AccountFields.ClientSecret, "is required with the client-credentials flow: give --client-secret-stdin, --client-secret-env or --client-certificate-file"));
        }
    }

    /// <summary>
    /// An absolute https URL, or http on a loopback address (where the tests' local servers run; nothing else can
    /// listen there). Anything else would send a client secret or a refresh token in the clear.
    /// </summary>
    /// <returns>Whether the URL passed; a problem naming <paramref name="field"/> is added when it did not.</returns>
    private static bool CheckUrl(string url, string field, List<ValidationProblem> problems, bool allowPath)
    {
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            problems.Add(new(field, $"'{url}' is not an absolute https:// URL"));
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            problems.Add(new(field, $"must be https (http is allowed only on a loopback address such as 127.0.0.1), not '{url}'"));
            return false;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            problems.Add(new(field, "must not carry a user name or password"));
            return false;
        }

        if (uri.Fragment.Length > 0 || (!allowPath && uri.Query.Length > 0))
        {
            problems.Add(new(field, $"must not carry {(uri.Fragment.Length > 0 ? "a fragment (#...)" : "a query (?...)")}"));
            return false;
        }

        return true;
    }

    // RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
    private static bool IsScopeToken(string scope) =>
        scope.Length > 0 && scope.All(c => c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E));

    /// <summary>
    /// Why <paramref name="certificate"/> (base64 PKCS#12) cannot sign a client assertion, or null when it can: it must
    /// open without a password (none is stored beside it) and hold its private key.
    /// </summary>
    private static string? ClientCertificateProblem(Secret certificate)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(certificate.Reveal());
        }
        catch (FormatException)
        {
            return "must be a PKCS#12 (.pfx) file as base64";
        }

        try
        {
            using var loaded = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(bytes, null);
            return loaded.HasPrivateKey
                ? null
                : "holds no private key: export the certificate together with its key (openssl pkcs12 -export -inkey KEY -in CERT -passout pass:)";
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return $"is not a PKCS#12 (.pfx) file that opens without a password ({e.Message.TrimEnd('.')}); export it without one: openssl pkcs12 -export -inkey KEY -in CERT -passout pass:";
        }
    }
}
