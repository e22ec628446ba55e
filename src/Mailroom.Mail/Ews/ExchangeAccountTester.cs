using Mailroom.Core.Accounts;
using MimeKit;

namespace Mailroom.Mail.Ews;

/// <summary>
/// Test Account for Exchange: the required fields (touching no server when any is missing), then connect and sign
/// in (GetFolder on the inbox), then send a test e-mail to the recipient. Stops at the first failed step.
/// </summary>
public sealed class ExchangeAccountTester(ExchangeTransportFactory factory) : IExchangeAccountTester
{
    public const string RequiredFieldsStep = "Required fields";
    public const string SignInStep = "Connect and sign in";
    public const string SendStep = "Send test e-mail";

    public async Task<AccountTestReport> TestAsync(Account account, string recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var steps = new List<AccountTestStep>();
        var missing = MissingFields(account, EwsClient.AuthenticationFor(account, factory.Options), recipient);
        if (missing.Count > 0)
        {
            steps.Add(new AccountTestStep(RequiredFieldsStep, false, $"missing: {string.Join(", ", missing)}",
                "fill these in; no server was contacted. Blank credentials mean each user enters their own: test with a user's credentials."));
            return new AccountTestReport(steps);
        }

        steps.Add(new AccountTestStep(RequiredFieldsStep, true, "all filled in"));

        using var client = factory.CreateClient(account);
        try
        {
            var inbox = await client.GetFolderAsync(EwsFolder.Inbox, cancellationToken).ConfigureAwait(false);
            var server = client.ServerVersion is { } v ? $"Exchange {v}" : "Exchange (version not reported)";
            steps.Add(new AccountTestStep(SignInStep, true,
                $"Signed in to {client.Endpoint} as {client.SignInName}; {server}; Inbox: {inbox.TotalCount} messages, {inbox.UnreadCount} unread."));
        }
        catch (Exception ex) when (ex is MailConnectionException or EwsException)
        {
            steps.Add(Failed(SignInStep, ex));
            return new AccountTestReport(steps);
        }

        try
        {
            await new ExchangeTransport(client).SendAsync(TestMessage(account, recipient), cancellationToken).ConfigureAwait(false);
            steps.Add(new AccountTestStep(SendStep, true, $"Sent a test e-mail to {recipient}; a copy is in Sent Items."));
        }
        catch (MailSendException ex)
        {
            steps.Add(Failed(SendStep, ex.InnerException ?? ex));
        }

        return new AccountTestReport(steps);
    }

    private static List<string> MissingFields(Account account, ExchangeAuthentication authentication, string recipient)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(account.Name))
        {
            missing.Add("Name");
        }

        // A bearer token names its user; NTLM and Basic sign in to a domain.
        if (authentication != ExchangeAuthentication.Bearer && string.IsNullOrWhiteSpace(account.Exchange?.Domain))
        {
            missing.Add("Exchange Domain");
        }

        if (string.IsNullOrWhiteSpace(account.Exchange?.Server))
        {
            missing.Add("Server");
        }

        if (string.IsNullOrWhiteSpace(account.Credentials.User))
        {
            missing.Add("User");
        }

        if (string.IsNullOrEmpty(account.Credentials.Password?.Reveal()))
        {
            missing.Add("Password");
        }

        if (!MailboxAddress.TryParse(recipient, out var address) || !address.Address.Contains('@', StringComparison.Ordinal))
        {
            missing.Add("Recipient (an e-mail address)");
        }

        return missing;
    }

    private static MimeMessage TestMessage(Account account, string recipient)
    {
        var message = new MimeMessage();
        if (MailboxAddress.TryParse(account.Credentials.User, out var from) && from.Address.Contains('@', StringComparison.Ordinal))
        {
            message.From.Add(new MailboxAddress(account.Name, from.Address));
        }

        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = $"Mailroom test message for account {account.Name}";
        message.Body = new TextPart("plain")
        {
            Text = $"This message was sent by Mailroom's Test Account for the Exchange account \"{account.Name}\". Sending works.",
        };
        return message;
    }

    private static AccountTestStep Failed(string step, Exception ex) => ex switch
    {
        MailConnectionException c => new AccountTestStep(step, false, c.Message, Hint(c.Kind)),
        EwsException e => new AccountTestStep(step, false, e.Message, Hint(e.ResponseCode)),
        _ => new AccountTestStep(step, false, ex.Message),
    };

    private static string Hint(MailFailureKind kind) => kind switch
    {
        MailFailureKind.AuthenticationFailed => "check User, Password and Exchange Domain (the NetBIOS domain, such as CORP), and that this user may use EWS.",
        MailFailureKind.HostNotFound => "check the Server field: the Client Access server's host name, as it resolves in DNS from the Mailroom server.",
        MailFailureKind.ConnectionRefused => "check the Server field and Use SSL: port 443 (80 without SSL) must be reachable.",
        MailFailureKind.CertificateNotTrusted => "install the issuing CA on the Mailroom server, or turn on Allow Invalid Server Certificate if you accept the risk.",
        MailFailureKind.TimedOut => "the server did not answer in time: check firewalls, the Server field and the server's load.",
        MailFailureKind.ProtocolError => "the Server field must name the Client Access host or the full https://HOST/EWS/Exchange.asmx address.",
        _ => "Exchange reported a problem of its own: try again later or ask its administrator.",
    };

    private static string Hint(string? responseCode) => responseCode switch
    {
        "ErrorInvalidRecipients" => "check the recipient's address.",
        "ErrorSendAsDenied" => "the user may not send as this From address: grant Send As or use the user's own address.",
        "ErrorNonExistentMailbox" => "the user has no mailbox on this server: check User.",
        "ErrorAccessDenied" => "the user lacks rights on this mailbox.",
        _ when EwsResponseCodes.IsTransient(responseCode) => "Exchange is busy: try again in a few minutes.",
        _ => "Exchange's words are above.",
    };
}
