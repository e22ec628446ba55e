using System.Globalization;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Web.Accounts;

/// <summary>
/// An account's fields as the pages show and post them. Inputs are named exactly as <see cref="AccountFields"/> (the
/// command's flags without dashes), so a validation problem lands beside the input it names. Passwords are never
/// filled in: a blank password keeps the stored one.
/// </summary>
public sealed partial class AccountForm
{
    public string Name { get; set; } = "";
    public bool AvailableToUsers { get; set; }
    public string ExchangeDomain { get; set; } = "";
    public string Server { get; set; } = "";
    public bool UseSsl { get; set; } = true;
    public bool AllowInvalidCertificate { get; set; }
    public string User { get; set; } = "";
    public bool PasswordSet { get; set; }
    public string IncomingServer { get; set; } = "";
    public string IncomingPort { get; set; } = "";
    public SecurityMode IncomingSecurity { get; set; } = SecurityMode.Auto;
    public string SmtpServer { get; set; } = "";
    public string SmtpPort { get; set; } = "";
    public SecurityMode SmtpSecurity { get; set; } = SecurityMode.Auto;
    public bool SmtpUseIncomingCredentials { get; set; } = true;
    public string SmtpUser { get; set; } = "";
    public bool SmtpPasswordSet { get; set; }
    public bool LockServerSettings { get; set; } = true;
    public bool LockCredentials { get; set; }
    public ConversationIdPlacement ConversationId { get; set; } = ConversationIdPlacement.Subject;
    public bool FromAllowUserAddress { get; set; } = true;
    public bool FromAllowArbitrary { get; set; }
    public IReadOnlyList<string> FromAddresses { get; set; } = [];
    public string DefaultFrom { get; set; } = "";
    public bool HistoryAttachToRecord { get; set; } = true;
    public bool HistoryAttachToCustomer { get; set; }
    public bool HistoryImportAttachments { get; set; } = true;

    public static AccountForm From(Account a) => new()
    {
        Name = a.Name,
        AvailableToUsers = a.AvailableToUsers,
        ExchangeDomain = a.Exchange?.Domain ?? "",
        Server = a.Exchange?.Server ?? "",
        UseSsl = a.Exchange?.UseSsl ?? true,
        AllowInvalidCertificate = a.AllowInvalidCertificate,
        User = a.Credentials.User ?? "",
        PasswordSet = a.Credentials.Password is not null,
        IncomingServer = a.Incoming?.Host ?? "",
        IncomingPort = a.Incoming?.Port?.ToString(CultureInfo.InvariantCulture) ?? "",
        IncomingSecurity = a.Incoming?.Security ?? SecurityMode.Auto,
        SmtpServer = a.Outgoing?.Host ?? "",
        SmtpPort = a.Outgoing?.Port?.ToString(CultureInfo.InvariantCulture) ?? "",
        SmtpSecurity = a.Outgoing?.Security ?? SecurityMode.Auto,
        SmtpUseIncomingCredentials = a.Outgoing?.UseIncomingCredentials ?? true,
        SmtpUser = a.Outgoing?.Credentials?.User ?? "",
        SmtpPasswordSet = a.Outgoing?.Credentials?.Password is not null,
        LockServerSettings = a.Padlocks.ServerSettingsLocked,
        LockCredentials = a.Padlocks.CredentialsLocked,
        ConversationId = a.ConversationId,
        FromAllowUserAddress = a.From.AllowUserAddress,
        FromAllowArbitrary = a.From.AllowArbitrary,
        FromAddresses = a.From.LegalAddresses,
        DefaultFrom = a.From.DefaultAddress ?? "",
        HistoryAttachToRecord = a.History.AttachToRecord,
        HistoryAttachToCustomer = a.History.AttachToCustomer,
        HistoryImportAttachments = a.History.ImportAttachments,
        SignIn = SignInForm.From(a),
    };

    /// <summary>
    /// <paramref name="account"/> with the posted fields of <paramref name="sections"/> laid over it. Values that do not
    /// even parse (a port that is not a number) are added to <paramref name="problems"/>; everything else is left to
    /// <see cref="AccountValidator"/>, so the pages say exactly what the command says.
    /// </summary>
    public static Account Apply(Account account, IFormCollection form, IReadOnlyCollection<AccountSection> sections, List<ValidationProblem> problems)
    {
        if (sections.Contains(AccountSection.Info))
        {
            var user = Text(form, AccountFields.User);
            var password = form[AccountFields.Password].ToString();
            var keep = form[ClearPasswordField].Count == 0 ? account.Credentials.Password : null;
            account = account with
            {
                Name = form[AccountFields.Name].ToString(),
                AvailableToUsers = Checked(form, AccountFields.AvailableToUsers),
                Padlocks = new Padlocks(Checked(form, AccountFields.ServerSettingsLock), Checked(form, AccountFields.CredentialsLock)),
                Credentials = new Credentials(user, password.Length > 0 ? new Secret(password) : keep),
            };
        }

        if (sections.Contains(AccountSection.Info) && account.Type != AccountType.Exchange)
        {
            account = ApplySignIn(account, form, problems);
        }

        if (sections.Contains(AccountSection.Server) && account.Type == AccountType.Graph)
        {
            account = account with
            {
                Graph = new GraphMailboxSettings(Text(form, AccountFields.Mailbox) ?? "", Text(form, AccountFields.GraphUrl)),
                AllowInvalidCertificate = Checked(form, AccountFields.AllowInvalidCertificate),
            };
        }
        else if (sections.Contains(AccountSection.Server) && account.Type == AccountType.Exchange)
        {
            account = account with
            {
                Exchange = new ExchangeServer(Text(form, AccountFields.ExchangeDomain) ?? "", Text(form, AccountFields.Server) ?? "", Checked(form, AccountFields.UseSsl)),
                AllowInvalidCertificate = Checked(form, AccountFields.AllowInvalidCertificate),
            };
        }
        else if (sections.Contains(AccountSection.Server))
        {
            var useIncoming = Checked(form, AccountFields.SmtpUseIncomingCredentials);
            Credentials? smtpCredentials = null;
            if (!useIncoming)
            {
                var smtpPassword = form[AccountFields.SmtpPassword].ToString();
                var keepSmtp = form[ClearSmtpPasswordField].Count == 0 ? account.Outgoing?.Credentials?.Password : null;
                smtpCredentials = new Credentials(
                    Text(form, AccountFields.SmtpUser),
                    smtpPassword.Length > 0 ? new Secret(smtpPassword) : keepSmtp);
            }

            account = account with
            {
                Incoming = new IncomingServer(
                    Text(form, AccountFields.IncomingServer) ?? "",
                    Port(form, AccountFields.IncomingPort, problems),
                    Enum<SecurityMode>(form, AccountFields.IncomingSecurity, SecurityMode.Auto, problems)),
                Outgoing = new OutgoingServer(
                    Text(form, AccountFields.SmtpServer) ?? "",
                    Port(form, AccountFields.SmtpPort, problems),
                    Enum<SecurityMode>(form, AccountFields.SmtpSecurity, SecurityMode.Auto, problems),
                    useIncoming,
                    smtpCredentials),
                AllowInvalidCertificate = Checked(form, AccountFields.AllowInvalidCertificate),
            };
        }

        if (sections.Contains(AccountSection.Conversation))
        {
            account = account with { ConversationId = Enum(form, AccountFields.ConversationId, ConversationIdPlacement.Subject, problems) };
        }

        if (sections.Contains(AccountSection.From))
        {
            account = account with
            {
                From = account.From with
                {
                    AllowUserAddress = Checked(form, AccountFields.FromAllowUserAddress),
                    AllowArbitrary = Checked(form, AccountFields.FromAllowArbitrary),
                    DefaultAddress = Text(form, AccountFields.DefaultFrom),
                },
            };
        }

        if (sections.Contains(AccountSection.History))
        {
            account = account with
            {
                History = new HistoryOptions(Checked(form, "history-attach-to-record"), Checked(form, "history-attach-to-customer"), Checked(form, "history-import-attachments")),
            };
        }

        return account;
    }

    /// <summary>A checkbox that drops the stored password (a blank password field keeps it).</summary>
    public const string ClearPasswordField = "clear-password";

    /// <summary>The same for SMTP's own password.</summary>
    public const string ClearSmtpPasswordField = "clear-smtp-password";

    private static bool Checked(IFormCollection form, string name) =>
        form[name].Any(v => v is "on" or "true");

    private static string? Text(IFormCollection form, string name)
    {
        var value = form[name].ToString().Trim();
        return value.Length == 0 ? null : value;
    }

    private static int? Port(IFormCollection form, string name, List<ValidationProblem> problems)
    {
        var text = form[name].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return port;
        }

        problems.Add(new ValidationProblem(name, $"must be a port from 1 to 65535, not '{text}'"));
        return null;
    }

    private static TEnum Enum<TEnum>(IFormCollection form, string name, TEnum fallback, List<ValidationProblem> problems)
        where TEnum : struct, System.Enum
    {
        var text = form[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value))
        {
            return value;
        }

        problems.Add(new ValidationProblem(name, $"must be one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}, not '{text}'"));
        return fallback;
    }
}
