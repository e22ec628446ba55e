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

    /// <summary>The version the edit is based on (from a previous read); an older one is a conflict (409).</summary>
    public long? Version { get; init; }

    /// <summary>A new account of <see cref="Type"/> from this input; problems that are not the validator's go to <paramref name="problems"/>.</summary>
    public Account? ToNewAccount(List<ValidationProblem> problems)
    {
        if (!Enum.TryParse<AccountType>(Type, ignoreCase: true, out var type) || !Enum.IsDefined(type))
        {
            problems.Add(new ValidationProblem(AccountFields.Type, $"must be exchange, imap or pop3, not '{Type}'"));
            return null;
        }

        return ApplyTo(new Account { Name = Name ?? "", Type = type });
    }

    /// <summary><paramref name="account"/> with every field given here laid over it.</summary>
    public Account ApplyTo(Account account)
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
