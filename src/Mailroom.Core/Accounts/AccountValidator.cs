using Mailroom.Core.Validation;

namespace Mailroom.Core.Accounts;

/// <summary>
/// The one validation of an account, used by every front end. It returns every problem at once, each naming the field
/// as <see cref="AccountFields"/> does, so a person fixes them all in one go.
/// </summary>
public static partial class AccountValidator
{
    public const int MaxNameLength = 100;

    /// <summary>Every problem with <paramref name="account"/>; empty when it may be stored.</summary>
    /// <param name="account">The account as it would be stored.</param>
    /// <param name="otherNames">
    /// The names of the other accounts in the same namespace (global accounts, or one user's standalone accounts),
    /// excluding this one; the name must differ from each without regard to case. The store passes them.
    /// </param>
    public static IReadOnlyList<ValidationProblem> Validate(Account account, IEnumerable<string>? otherNames = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var problems = new List<ValidationProblem>();
        ValidateName(account.Name, otherNames, problems);

        switch (account.Type)
        {
            case AccountType.Exchange:
                ValidateExchange(account, problems);
                break;
            case AccountType.Imap:
            case AccountType.Pop3:
                ValidateIncomingAndOutgoing(account, problems);
                break;
            case AccountType.Graph:
                ValidateGraph(account, problems);
                break;
            default:
                problems.Add(new(AccountFields.Type, $"must be exchange, imap, pop3 or graph, not '{account.Type}'"));
                break;
        }

        ValidateOAuth(account, problems);

        ValidateFrom(account.From, problems);
        return problems;
    }

    /// <summary>Settings that are allowed but risky; front ends show them without refusing the account.</summary>
    public static IReadOnlyList<ValidationProblem> Warnings(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var warnings = new List<ValidationProblem>();
        if (account.From.AllowArbitrary)
        {
            warnings.Add(new(AccountFields.FromAllowArbitrary,
                "any From address is allowed: this invites impersonation and spam, and servers often reject unexpected From addresses; prefer a list of legal From addresses"));
        }

        if (account.AllowInvalidCertificate)
        {
            warnings.Add(new(AccountFields.AllowInvalidCertificate,
                "invalid server certificates are accepted: a man in the middle can read the password; install a proper certificate instead"));
        }

        return warnings;
    }

    /// <summary>Throws a <see cref="ValidationException"/> listing every problem, if there is any.</summary>
    /// <exception cref="ValidationException">The account has at least one problem.</exception>
    public static void ThrowIfInvalid(Account account, IEnumerable<string>? otherNames = null)
    {
        var problems = Validate(account, otherNames);
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }
    }

    /// <summary>The key names are compared by: upper case, invariant culture, trimmed.</summary>
    public static string NameKey(string name) => name.Trim().ToUpperInvariant();

    private static void ValidateName(string? name, IEnumerable<string>? otherNames, List<ValidationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new(AccountFields.Name, "is required"));
            return;
        }

        if (name.Length > MaxNameLength)
        {
            problems.Add(new(AccountFields.Name, $"must be at most {MaxNameLength} characters, not {name.Length}"));
        }

        if (name != name.Trim())
        {
            problems.Add(new(AccountFields.Name, "must not begin or end with spaces"));
        }

        if (name.Any(char.IsControl))
        {
            problems.Add(new(AccountFields.Name, "must not contain control characters such as line breaks"));
        }

        var key = NameKey(name);
        if (otherNames is not null && otherNames.Any(other => NameKey(other) == key))
        {
            problems.Add(new(AccountFields.Name, $"an account named '{name}' already exists (names are compared without regard to case)"));
        }
    }

    private static void ValidateExchange(Account account, List<ValidationProblem> problems)
    {
        if (account.Incoming is not null)
        {
            problems.Add(new(AccountFields.IncomingServer, "is not used by Exchange accounts; use --server"));
        }

        if (account.Outgoing is not null)
        {
            problems.Add(new(AccountFields.SmtpServer, "is not used by Exchange accounts; Exchange sends through its own server"));
        }

        if (account.Graph is not null)
        {
            problems.Add(new(AccountFields.Mailbox, "is only used by Microsoft 365 (Graph) accounts"));
        }

        var exchange = account.Exchange;
        if (string.IsNullOrWhiteSpace(exchange?.Domain))
        {
            problems.Add(new(AccountFields.ExchangeDomain, "is required for an Exchange account"));
        }
        else if (exchange.Domain.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            problems.Add(new(AccountFields.ExchangeDomain, "must not contain spaces or control characters"));
        }

        if (string.IsNullOrWhiteSpace(exchange?.Server))
        {
            problems.Add(new(AccountFields.Server, "is required for an Exchange account: the Client Access host name or an https://…/EWS/Exchange.asmx URL"));
        }
        else if (!IsExchangeServer(exchange.Server))
        {
            problems.Add(new(AccountFields.Server, $"'{exchange.Server}' is neither a host name nor an http(s) URL"));
        }

        var user = account.Credentials.User;
        if (string.IsNullOrWhiteSpace(user))
        {
            if (account.Padlocks.CredentialsLocked)
            {
                problems.Add(new(AccountFields.User, "is required when credentials are locked (users cannot enter their own)"));
            }
        }
        else if (!AddressSpec.IsValid(user))
        {
            problems.Add(new(AccountFields.User, $"must be the account's e-mail address (user@domain), not '{user}'"));
        }

        ValidateLockedPassword(account, problems);
    }

    private static void ValidateIncomingAndOutgoing(Account account, List<ValidationProblem> problems)
    {
        if (account.Exchange is not null)
        {
            problems.Add(new(AccountFields.ExchangeDomain, "is only used by Exchange accounts"));
        }

        if (account.Graph is not null)
        {
            problems.Add(new(AccountFields.Mailbox, "is only used by Microsoft 365 (Graph) accounts"));
        }

        ValidateServer(account.Incoming?.Host, account.Incoming?.Port, AccountFields.IncomingServer, AccountFields.IncomingPort, problems);
        ValidateServer(account.Outgoing?.Host, account.Outgoing?.Port, AccountFields.SmtpServer, AccountFields.SmtpPort, problems);

        var user = account.Credentials.User;
        if (user is not null && (user.Length == 0 || user.Any(char.IsControl)))
        {
            problems.Add(new(AccountFields.User, "must not be empty or contain control characters"));
        }
        else if (user is null && account.Padlocks.CredentialsLocked)
        {
            problems.Add(new(AccountFields.User, "is required when credentials are locked (users cannot enter their own)"));
        }

        var smtpUser = account.Outgoing?.Credentials?.User;
        if (smtpUser is not null && (smtpUser.Length == 0 || smtpUser.Any(char.IsControl)))
        {
            problems.Add(new(AccountFields.SmtpUser, "must not be empty or contain control characters"));
        }

        ValidateLockedPassword(account, problems);
    }

    private static void ValidateServer(string? host, int? port, string hostField, string portField, List<ValidationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            problems.Add(new(hostField, "is required: the server's host name"));
        }
        else if (!HostName.IsValid(host))
        {
            problems.Add(new(hostField, $"'{host}' is not a host name or IP address"));
        }

        if (port is < 1 or > 65535)
        {
            problems.Add(new(portField, $"must be a port from 1 to 65535, not {port}"));
        }
    }

    private static void ValidateLockedPassword(Account account, List<ValidationProblem> problems)
    {
        // With OAuth the account signs in with tokens, not a password (ValidateOAuth refuses one).
        if (account.OAuth is null && account.Padlocks.CredentialsLocked && !string.IsNullOrWhiteSpace(account.Credentials.User) && account.Credentials.Password is null)
        {
            problems.Add(new(AccountFields.Password, "is required when credentials are locked (give it with --password-stdin or --password-env)"));
        }
    }

    private static bool IsExchangeServer(string server)
    {
        if (server.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(server, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && uri.HostNameType is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6
                && string.IsNullOrEmpty(uri.UserInfo)
                && !server.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
        }

        return HostName.IsValid(server);
    }

    private static void ValidateFrom(FromSettings from, List<ValidationProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in from.LegalAddresses)
        {
            if (!AddressSpec.IsValid(address))
            {
                problems.Add(new(AccountFields.FromAddress, $"'{address}' is not a valid e-mail address (user@domain, without a display name)"));
            }
            else if (!seen.Add(address))
            {
                problems.Add(new(AccountFields.FromAddress, $"'{address}' is listed more than once (addresses are compared without regard to case)"));
            }
        }

        if (from.DefaultAddress is { } defaultAddress)
        {
            if (!AddressSpec.IsValid(defaultAddress))
            {
                problems.Add(new(AccountFields.DefaultFrom, $"'{defaultAddress}' is not a valid e-mail address (user@domain, without a display name)"));
            }
            else if (!from.IsLegal(defaultAddress))
            {
                problems.Add(new(AccountFields.DefaultFrom, $"'{defaultAddress}' must be one of the legal From addresses (add it with --from-address)"));
            }
        }
    }
}
