using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;

namespace Mailroom.Api;

/// <summary>
/// An account as the API receives it, for create (every required field) and edit (only the fields given change).
/// Names follow <c>accounts show --json</c>; problems name the fields as the command does (<see cref="AccountFields"/>).
/// Passwords go in, never out.
/// </summary>
internal sealed record AccountInput
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public bool? AvailableToUsers { get; init; }
    public string? ExchangeDomain { get; init; }
    public string? Server { get; init; }
    public bool? UseSsl { get; init; }
    public bool? AllowInvalidCertificate { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public string? IncomingServer { get; init; }
    public int? IncomingPort { get; init; }
    public SecurityMode? IncomingSecurity { get; init; }
    public string? SmtpServer { get; init; }
    public int? SmtpPort { get; init; }
    public SecurityMode? SmtpSecurity { get; init; }
    public bool? SmtpUseIncomingCredentials { get; init; }
    public string? SmtpUser { get; init; }
    public string? SmtpPassword { get; init; }
    public bool? ServerSettingsLocked { get; init; }
    public bool? CredentialsLocked { get; init; }
    public ConversationIdPlacement? ConversationId { get; init; }
    public bool? FromAllowUserAddress { get; init; }
    public bool? FromAllowArbitrary { get; init; }
    public IReadOnlyList<string>? FromAddresses { get; init; }
    public string? DefaultFrom { get; init; }
    public bool? HistoryAttachToRecord { get; init; }
    public bool? HistoryAttachToCustomer { get; init; }
    public bool? HistoryImportAttachments { get; init; }

    /// <summary><c>password</c> or <c>oauth2</c>; absent keeps the sign-in method (Graph accounts are always oauth2).</summary>
    public string? Auth { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("oauth")]
    public AccountOAuthInput? OAuth { get; init; }

    public AccountGraphInput? Graph { get; init; }

    /// <summary>The version the edit is based on (from a previous read); an older one is a conflict (409).</summary>
    public long? Version { get; init; }

    /// <summary>A new account of <see cref="Type"/> from this input; problems that are not the validator's go to <paramref name="problems"/>.</summary>
    public Account? ToNewAccount(List<ValidationProblem> problems)
    {
        if (!Enum.TryParse<AccountType>(Type, ignoreCase: true, out var type) || !Enum.IsDefined(type))
        {
            problems.Add(new ValidationProblem(AccountFields.Type, $"must be exchange, imap, pop3 or graph, not '{Type}'"));
            return null;
        }

        return ApplyTo(new Account { Name = Name ?? "", Type = type }, problems);
    }

    /// <summary>
    /// <paramref name="account"/> with every field given here laid over it; problems with the input itself (not the
    /// validator's) go to <paramref name="problems"/>.
    /// </summary>
    public Account ApplyTo(Account account, List<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return ApplySignIn(ApplyFields(account), problems);
    }

    private Account ApplySignIn(Account account, List<ValidationProblem> problems)
    {
        if (account.Type == AccountType.Graph || Graph is not null)
        {
            account = account with
            {
                Graph = new Core.Accounts.GraphMailboxSettings(
                    Graph?.Mailbox?.Trim() ?? account.Graph?.Mailbox ?? "",
                    Graph?.GraphUrl is null ? account.Graph?.GraphUrl : Graph.GraphUrl.Trim() is { Length: > 0 } url ? url : null),
            };
        }

        var wantOAuth = account.OAuth is not null || account.Type == AccountType.Graph;
        switch (Auth?.Trim().ToLowerInvariant())
        {
            case null:
                break;
            case OAuthNames.OAuth2:
                wantOAuth = true;
                break;
            case OAuthNames.Password:
                wantOAuth = false;
                break;
            default:
                problems.Add(new ValidationProblem(AccountFields.Auth, $"must be password or oauth2, not '{Auth}'"));
                return account;
        }

        if (!wantOAuth)
        {
            if (OAuth is not null)
            {
                problems.Add(new ValidationProblem(AccountFields.Auth, "must be oauth2 when oauth settings are given"));
            }

            return account with { OAuth = null };
        }

        if (account.OAuth is null && account.Type is AccountType.Imap or AccountType.Pop3)
        {
            // Switching from password: the stored passwords have no use any more; one given in the same request stays,
            // for the validator to refuse.
            if (Password is null)
            {
                account = account with { Credentials = account.Credentials with { Password = null } };
            }

            if (SmtpPassword is null && account.Outgoing is { Credentials: { } own } outgoing)
            {
                account = account with { Outgoing = outgoing with { Credentials = own with { Password = null } } };
            }
        }

        return account with { OAuth = (OAuth ?? new AccountOAuthInput()).ApplyTo(account.OAuth, account.Type, problems) };
    }

    private Account ApplyFields(Account account)
    {
        var a = account with
        {
            Name = Name ?? account.Name,
            AvailableToUsers = AvailableToUsers ?? account.AvailableToUsers,
            AllowInvalidCertificate = AllowInvalidCertificate ?? account.AllowInvalidCertificate,
            Credentials = new Credentials(
                User is null ? account.Credentials.User : User.Length == 0 ? null : User,
                Password is null ? account.Credentials.Password : Password.Length == 0 ? null : new Secret(Password)),
            Padlocks = new Padlocks(ServerSettingsLocked ?? account.Padlocks.ServerSettingsLocked, CredentialsLocked ?? account.Padlocks.CredentialsLocked),
            ConversationId = ConversationId ?? account.ConversationId,
            From = new FromSettings(
                FromAllowUserAddress ?? account.From.AllowUserAddress,
                FromAllowArbitrary ?? account.From.AllowArbitrary,
                FromAddresses ?? account.From.LegalAddresses,
                DefaultFrom is null ? account.From.DefaultAddress : DefaultFrom.Length == 0 ? null : DefaultFrom),
            History = new HistoryOptions(
                HistoryAttachToRecord ?? account.History.AttachToRecord,
                HistoryAttachToCustomer ?? account.History.AttachToCustomer,
                HistoryImportAttachments ?? account.History.ImportAttachments),
        };

        if (a.Type == AccountType.Graph)
        {
            return a;
        }

        if (a.Type == AccountType.Exchange)
        {
            if (ExchangeDomain is not null || Server is not null || UseSsl is not null)
            {
                a = a with
                {
                    Exchange = new ExchangeServer(
                        ExchangeDomain ?? account.Exchange?.Domain ?? "",
                        Server ?? account.Exchange?.Server ?? "",
                        UseSsl ?? account.Exchange?.UseSsl ?? true),
                };
            }

            return a;
        }

        if (IncomingServer is not null || IncomingPort is not null || IncomingSecurity is not null || a.Incoming is null)
        {
            a = a with
            {
                Incoming = new IncomingServer(
                    IncomingServer ?? account.Incoming?.Host ?? "",
                    IncomingPort ?? account.Incoming?.Port,
                    IncomingSecurity ?? account.Incoming?.Security ?? SecurityMode.Auto),
            };
        }

        if (SmtpServer is not null || SmtpPort is not null || SmtpSecurity is not null || SmtpUseIncomingCredentials is not null
            || SmtpUser is not null || SmtpPassword is not null || a.Outgoing is null)
        {
            var previous = account.Outgoing;
            var useIncoming = SmtpUseIncomingCredentials ?? (SmtpUser is { Length: > 0 } ? false : previous?.UseIncomingCredentials ?? true);
            var credentials = useIncoming
                ? null
                : new Credentials(
                    SmtpUser ?? previous?.Credentials?.User,
                    SmtpPassword is null ? previous?.Credentials?.Password : SmtpPassword.Length == 0 ? null : new Secret(SmtpPassword));
            a = a with
            {
                Outgoing = new OutgoingServer(
                    SmtpServer ?? previous?.Host ?? "",
                    SmtpPort ?? previous?.Port,
                    SmtpSecurity ?? previous?.Security ?? SecurityMode.Auto,
                    useIncoming,
                    credentials),
            };
        }

        return a;
    }
}
