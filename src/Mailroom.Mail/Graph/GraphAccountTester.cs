using System.Text.RegularExpressions;
using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using MimeKit;

namespace Mailroom.Mail.Graph;

/// <summary>
/// Test Account for Microsoft 365 (Graph) accounts: the required fields (touching nothing when any is missing), then
/// a token from the identity platform (its AADSTS code and words shown as they are), the mailbox, its Inbox, and a
/// test e-mail sent by sendMail. Stops at the first failed step.
/// </summary>
internal sealed partial class GraphAccountTester(GraphTransportFactory factory, TimeProvider time)
{
    public const string RequiredFieldsStep = "Required fields";
    public const string SendStepPrefix = "Send test e-mail to ";

    private readonly TimeProvider _time = time;

    public async Task<AccountTestReport> TestAsync(Account account, string recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var steps = new List<AccountTestStep>();
        var missing = Missing(account, recipient);
        if (missing.Count > 0)
        {
            steps.Add(new AccountTestStep(RequiredFieldsStep, false, $"missing: {string.Join(", ", missing)}", "fill these in; nothing was contacted."));
            return new AccountTestReport(steps);
        }

        steps.Add(new AccountTestStep(RequiredFieldsStep, true, "all filled in"));
        GraphClient client;
        try
        {
            client = factory.CreateClient(account);
        }
        catch (MailConnectionException ex)
        {
            steps.Add(new AccountTestStep("Get an access token", false, ex.Message, "register an access token source (this build has none)."));
            return new AccountTestReport(steps);
        }

        using (client)
        {
            var tokenUrl = account.OAuth!.EffectiveTokenUrl;
            _ = await StepAsync(steps, $"Get an access token from {tokenUrl}", async () =>
                {
                    // Forced: a kept token would hide a client secret that stopped working.
                    await client.TokenAsync(forceRenewal: true, cancellationToken).ConfigureAwait(false);
                    return $"token issued for {string.Join(" ", account.OAuth.EffectiveScopes(AccountType.Graph, account.Graph!.EffectiveGraphUrl))}";
                }, account)
                && await StepAsync(steps, $"Open mailbox {client.Mailbox}", async () =>
                {
                    var folders = await client.ListFoldersAsync(null, cancellationToken).ConfigureAwait(false);
                    return $"{folders.Count} folders at the top of the mailbox, through {client.Root}";
                }, account)
                && await StepAsync(steps, "Open folder Inbox", async () =>
                {
                    var inbox = await client.GetFolderAsync("inbox", cancellationToken).ConfigureAwait(false);
                    return $"{inbox.DisplayName ?? "Inbox"}: {inbox.TotalItemCount ?? 0} messages, {inbox.UnreadItemCount ?? 0} unread";
                }, account)
                && await StepAsync(steps, SendStepPrefix + recipient, async () =>
                {
                    var message = TestMessage(account, client.Mailbox, recipient);
                    await new GraphTransport(client).SendAsync(message, cancellationToken).ConfigureAwait(false);
                    return $"accepted by Microsoft Graph (202), from {client.Mailbox}, subject \"{message.Subject}\"; a copy is in Sent Items";
                }, account);
        }

        return new AccountTestReport(steps);
    }

    private static List<string> Missing(Account account, string recipient)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(account.Graph?.Mailbox) || !MailboxAddress.TryParse(account.Graph.Mailbox, out var box) || !box.Address.Contains('@', StringComparison.Ordinal))
        {
            missing.Add("mailbox (an e-mail address)");
        }

        var oauth = account.OAuth;
        if (oauth is null)
        {
            missing.Add("OAuth 2.0 sign-in (tenant, client id, client secret or certificate)");
        }
        else
        {
            if (oauth.Provider == OAuthProvider.Microsoft && string.IsNullOrWhiteSpace(oauth.Tenant))
            {
                missing.Add("tenant");
            }

            if (string.IsNullOrWhiteSpace(oauth.ClientId))
            {
                missing.Add("client id");
            }

            if (oauth.Flow == OAuthFlow.ClientCredentials && IsEmpty(oauth.ClientSecret) && IsEmpty(oauth.ClientCertificate))
            {
                missing.Add("client secret or certificate");
            }
        }

        if (string.IsNullOrWhiteSpace(recipient) || !MailboxAddress.TryParse(recipient, out var to) || !to.Address.Contains('@', StringComparison.Ordinal))
        {
            missing.Add("recipient address");
        }

        return missing;
    }

    private static bool IsEmpty(Secret? secret) => secret is null || secret.Reveal().Length == 0;

    private MimeMessage TestMessage(Account account, string mailbox, string recipient)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(account.Name, mailbox));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = $"Mailroom test e-mail for account {account.Name}";
        message.Date = _time.GetUtcNow();
        message.Body = new TextPart("plain")
        {
            Text = $"This e-mail was sent by Test Account in Mailroom for the Microsoft 365 account \"{account.Name}\" through Microsoft Graph sendMail.\r\nIt arrived, so sending through this account works. No reply is needed.\r\n",
        };
        return message;
    }

    private static async Task<bool> StepAsync(List<AccountTestStep> steps, string name, Func<Task<string>> step, Account account)
    {
        try
        {
            steps.Add(new AccountTestStep(name, true, await step().ConfigureAwait(false)));
            return true;
        }
        catch (OAuthException ex)
        {
            steps.Add(new AccountTestStep(name, false, TokenFailure(ex, account), Hint(ex, account)));
        }
        catch (MailConnectionException ex)
        {
            steps.Add(new AccountTestStep(name, false, ex.Message, Hint(ex)));
        }
        catch (GraphException ex)
        {
            steps.Add(new AccountTestStep(name, false, ex.Message, Hint(ex)));
        }
        catch (MailSendException ex)
        {
            steps.Add(new AccountTestStep(name, false, ex.Message, ex.InnerException is GraphException g ? Hint(g) : "Microsoft Graph's words are above."));
        }

        return false;
    }

    [GeneratedRegex(@"AADSTS(\d+)")]
    private static partial Regex AadstsCode();

    /// <summary>The identity platform's own words (its error and the AADSTS description), else the client's message.</summary>
    private static string TokenFailure(OAuthException ex, Account account)
    {
        var words = string.Join(": ", new[] { ex.Error, ex.Description }.Where(w => !string.IsNullOrWhiteSpace(w)));
        var where = account.OAuth?.EffectiveTokenUrl is { Length: > 0 } url ? url : "the identity platform";
        return words.Length == 0 ? ex.Message : $"{where} refused the token request: {words}";
    }

    /// <summary>What to change, from the identity platform's AADSTS code.</summary>
    private static string Hint(OAuthException oauth, Account account)
    {
        {
            var code = oauth.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture)
                ?? (AadstsCode().Match(oauth.Description ?? oauth.Message) is { Success: true } m ? m.Groups[1].Value : null);
            return code switch
            {
                "7000215" => "the client secret is wrong: enter the secret's Value (not its Secret ID) from Certificates & secrets of the app registration in Microsoft Entra ID.",
                "7000222" => "the client secret has expired: create a new client secret for the app registration and enter it here.",
                "700016" => "the client id is not an application in this tenant: check the client id (Application ID) and the tenant.",
                "90002" or "900023" => "the tenant is not found: enter the tenant id (a GUID) or its domain, such as contoso.onmicrosoft.com.",
                "700027" or "700024" => "the client certificate was refused: upload its public key to the app registration and check its dates.",
                "65001" or "650057" or "7000112" => "the application has no admin consent for these permissions: grant admin consent for Mail.ReadWrite and Mail.Send.",
                _ when oauth is SignInNeededException => "sign in again for this account.",
                _ when oauth.Field is { } field => $"check the {field} of account {account.Name}.",
                _ when oauth.Error == "invalid_client" => "check the client id and the client secret (or certificate).",
                _ when oauth.IsTransient => "the identity platform is unreachable or busy: try again in a few minutes.",
                _ => $"check the tenant, client id and client secret of account {account.Name}.",
            };
        }
    }

    private static string Hint(MailConnectionException ex)
    {
        return ex.Kind switch
        {
            MailFailureKind.AuthenticationFailed => "grant Mail.ReadWrite and Mail.Send as application permissions with admin consent, check the application access policy, and check the Mailbox field.",
            MailFailureKind.HostNotFound or MailFailureKind.ConnectionRefused => "check the Graph URL (https://graph.microsoft.com for the public cloud) and that this machine may reach it.",
            MailFailureKind.CertificateNotTrusted => "install the issuing CA on this machine, or turn on Allow Invalid Server Certificate if you accept the risk.",
            MailFailureKind.TimedOut => "Microsoft Graph did not answer in time: check firewalls and proxies.",
            MailFailureKind.FolderNotFound => "check the folder name.",
            _ => "Microsoft Graph's words are above: try again later or ask the tenant's administrator.",
        };
    }

    private static string Hint(GraphException ex) => ex.Code switch
    {
        "ErrorSendAsDenied" => "the application may not send as this From address: send from the mailbox's own address.",
        "ErrorInvalidRecipients" => "check the recipient's address.",
        "ErrorMimeContentInvalidBase64String" => "Graph could not read the message as sent; please report this.",
        _ when ex.Status == 403 => "grant Mail.ReadWrite and Mail.Send as application permissions with admin consent, and check the application access policy.",
        _ when ex.Status == 404 => "check the Mailbox field: a user or shared mailbox of this tenant.",
        _ => "Microsoft Graph's words are above.",
    };
}
