using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Web.Accounts;

/// <summary>
/// The sign-in method on the Account Information tab (password or OAuth 2.0 with a provider) and a Graph account's
/// mailbox. Inputs are named as <see cref="AccountFields"/>; the client secret is never filled in (blank keeps the
/// stored one) and a certificate is uploaded as a file.
/// </summary>
public sealed partial class AccountForm
{
    /// <summary>A checkbox that drops the stored client secret and certificate.</summary>
    public const string ClearClientSecretField = "clear-client-secret";

    public SignInForm SignIn { get; set; } = new();

    private static Account ApplySignIn(Account account, IFormCollection form, List<ValidationProblem> problems)
    {
        var wantOAuth = account.Type == AccountType.Graph || form[AccountFields.Auth].ToString() == OAuthNames.OAuth2;
        if (!wantOAuth)
        {
            return account with { OAuth = null };
        }

        var current = account.OAuth;
        var provider = OAuthProvider.Microsoft;
        if (account.Type != AccountType.Graph && !OAuthNames.TryParseProvider(form[AccountFields.OAuthProvider].ToString(), out provider))
        {
            problems.Add(new ValidationProblem(AccountFields.OAuthProvider, "choose microsoft, google or custom"));
        }

        var flowText = form[AccountFields.OAuthFlow].ToString();
        var flow = account.Type == AccountType.Graph ? OAuthFlow.ClientCredentials : OAuthFlow.AuthorizationCode;
        if (flowText.Length > 0 && !OAuthNames.TryParseFlow(flowText, out flow))
        {
            problems.Add(new ValidationProblem(AccountFields.OAuthFlow, $"must be client-credentials, authorization-code or device-code, not '{flowText}'"));
        }

        var clear = Checked(form, ClearClientSecretField);
        var secretText = form[AccountFields.ClientSecret].ToString();
        var secret = secretText.Length > 0 ? new Secret(secretText) : null;
        var certificate = ReadCertificate(form);
        var oauth = new OAuthSettings(provider, Text(form, AccountFields.ClientId) ?? "", flow)
        {
            // A new secret replaces a stored certificate and the other way round: an app signs in with one of them.
            ClientSecret = secret ?? (certificate is not null || clear ? null : current?.ClientSecret),
            ClientCertificate = certificate ?? (secret is not null || clear ? null : current?.ClientCertificate),
            Tenant = Text(form, AccountFields.Tenant),
            Authority = Text(form, AccountFields.Authority),
            TokenUrl = Text(form, AccountFields.TokenUrl),
            AuthorizeUrl = Text(form, AccountFields.AuthorizeUrl),
            Scopes = form[AccountFields.Scope].ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };

        if (current is null && account.Type is AccountType.Imap or AccountType.Pop3)
        {
            // Switching from password: the stored passwords have no use any more. One typed in now stays, for the
            // validator to refuse beside its input.
            if (form[AccountFields.Password].ToString().Length == 0)
            {
                account = account with { Credentials = account.Credentials with { Password = null } };
            }

            if (account.Outgoing is { Credentials: { } own } outgoing)
            {
                account = account with { Outgoing = outgoing with { Credentials = own with { Password = null } } };
            }
        }

        return account with { OAuth = oauth };
    }

    /// <summary>The uploaded certificate as base64 (how it is sealed and stored); the validator says whether it is usable.</summary>
    private static Secret? ReadCertificate(IFormCollection form)
    {
        var file = form.Files.GetFile(AccountFields.ClientCertificate);
        if (file is null || file.Length == 0)
        {
            return null;
        }

        using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new Secret(Convert.ToBase64String(buffer.ToArray()));
    }
}
