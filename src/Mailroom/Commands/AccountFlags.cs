using System.CommandLine;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;

namespace Mailroom.Commands;

/// <summary>
/// The flags that set an account's fields, shared by <c>accounts add</c> and <c>accounts edit</c>, and how they change an
/// account: only the flags given change anything. Secrets come only from standard input or a named environment
/// variable, never from the line itself (it would sit in shell history and in <c>ps</c>).
/// </summary>
internal sealed partial class AccountFlags
{
    public Option<string> Name { get; } = new("--name") { Description = "The account's name: 1-100 characters, unique without regard to case" };

    public Option<bool> AvailableToUsers { get; } = new("--available-to-users") { Description = "Agents may send from it (give 'false' to turn it off). Default: off" };

    public Option<string> ExchangeDomain { get; } = new("--exchange-domain") { Description = "Exchange: the NTLM domain the user signs in to" };

    public Option<string> Server { get; } = new("--server") { Description = "Exchange: the Client Access host name, or a full https://…/EWS/Exchange.asmx URL" };

    public Option<bool> NoSsl { get; } = new("--no-ssl") { Description = "Exchange: use http instead of https (only where no proper certificate is installed)" };

    public Option<bool> AllowInvalidCertificate { get; } = new("--allow-invalid-certificate") { Description = "Accept an invalid server certificate (a security risk; 'false' to turn it off)" };

    public Option<string> User { get; } = new("--user") { Description = "The user name (Exchange: the account's e-mail address); '' clears it" };

    public Option<bool> PasswordStdin { get; } = new("--password-stdin") { Description = "Read the password from standard input" };

    public Option<string> PasswordEnv { get; } = new("--password-env") { Description = "Read the password from this environment variable", HelpName = "VAR" };

    public Option<bool> ClearPassword { get; } = new("--clear-password") { Description = "Edit: remove the stored password (or OAuth access token)" };

    public Option<string> IncomingServer { get; } = new("--incoming-server") { Description = "IMAP/POP3: the incoming server's host name" };

    public Option<int?> IncomingPort { get; } = new("--incoming-port") { Description = "IMAP/POP3: the port. Default: IMAP 143 (993 with ssl), POP3 110 (995 with ssl)" };

    public Option<SecurityMode?> IncomingSecurity { get; } = new("--incoming-security") { Description = "IMAP/POP3: none, ssl, starttls or auto (default)" };

    public Option<string> SmtpServer { get; } = new("--smtp-server") { Description = "IMAP/POP3: the outgoing SMTP server's host name" };

    public Option<int?> SmtpPort { get; } = new("--smtp-port") { Description = "SMTP port. Default: 587 (starttls, auto), 465 (ssl), 25 (none)" };

    public Option<SecurityMode?> SmtpSecurity { get; } = new("--smtp-security") { Description = "SMTP: none, ssl, starttls or auto (default)" };

    public Option<string> SmtpUser { get; } = new("--smtp-user") { Description = "SMTP signs in with its own user instead of the incoming credentials" };

    public Option<string> SmtpPasswordEnv { get; } = new("--smtp-password-env") { Description = "Read SMTP's own password from this environment variable", HelpName = "VAR" };

    public Option<bool> ClearSmtpPassword { get; } = new("--clear-smtp-password") { Description = "Edit: remove SMTP's own stored password (its own user stays)" };

    public Option<bool> SmtpUseIncomingCredentials { get; } = new("--smtp-use-incoming-credentials") { Description = "SMTP signs in with the incoming credentials again (drops its own)" };

    public Option<bool> LockServerSettings { get; } = new("--lock-server-settings") { Description = "Users may not override the server settings (the default)" };

    public Option<bool> UnlockServerSettings { get; } = new("--unlock-server-settings") { Description = "Users may override the server settings in a personal version" };

    public Option<bool> UsersCanChangeCredentials { get; } = new("--users-can-change-credentials") { Description = "Users may enter their own credentials (the default)" };

    public Option<bool> LockCredentials { get; } = new("--lock-credentials") { Description = "Users may not change the credentials" };

    public Option<ConversationIdPlacement?> ConversationId { get; } = new("--conversation-id") { Description = "Where outgoing mail carries the Conversation ID: subject (default), body or off" };

    public Option<bool> FromAllowUserAddress { get; } = new("--from-allow-user-address") { Description = "Users may send from their own address (the default)" };

    public Option<bool> NoFromAllowUserAddress { get; } = new("--no-from-allow-user-address") { Description = "Users may not send from their own address" };

    public Option<bool> FromAllowArbitrary { get; } = new("--from-allow-arbitrary") { Description = "Allow any From address (not recommended; 'false' to turn it off)" };

    public Option<string[]> FromAddress { get; } = new("--from-address") { Description = "A legal From address (repeat for several; replaces the list)", HelpName = "ADDR", AllowMultipleArgumentsPerToken = false };

    public Option<bool> ClearLegalFrom { get; } = new("--clear-legal-from") { Description = "Edit: empty the list of legal From addresses" };

    public Option<string> DefaultFrom { get; } = new("--default-from") { Description = "The default From address; must be a legal one ('' clears it)", HelpName = "ADDR" };

    public Option<bool> HistoryAttachToRecord { get; } = new("--history-attach-to-record") { Description = "Keep sent and received mail on the record (default on; 'false' to turn off)" };

    public Option<bool> HistoryAttachToCustomer { get; } = new("--history-attach-to-customer") { Description = "Also keep it on the customer (default off)" };

    public Option<bool> HistoryImportAttachments { get; } = new("--history-import-attachments") { Description = "Keep file attachments with the history entry (default on)" };

    /// <summary>Adds the flags that apply to accounts of <paramref name="type"/>, or all of them (edit) when null.</summary>
    public void AddTo(Command command, AccountType? type)
    {
        Option[] common =
        [
            Name, AvailableToUsers, AllowInvalidCertificate,
            LockServerSettings, UnlockServerSettings, UsersCanChangeCredentials, LockCredentials, ConversationId,
            FromAllowUserAddress, NoFromAllowUserAddress, FromAllowArbitrary, FromAddress, DefaultFrom,
            HistoryAttachToRecord, HistoryAttachToCustomer, HistoryImportAttachments,
        ];
        Option[] exchange = [ExchangeDomain, Server, NoSsl];
        Option[] mail = [IncomingServer, IncomingPort, IncomingSecurity, SmtpServer, SmtpPort, SmtpSecurity, SmtpUser, SmtpPasswordEnv, SmtpUseIncomingCredentials];
        Option[] password = [User, PasswordStdin, PasswordEnv];
        // Clearing only makes sense for an account that exists: edit (no type) alone has these.
        Option[] clear = [ClearPassword, ClearSmtpPassword, ClearLegalFrom, ClearClientSecret];
        var options = type switch
        {
            AccountType.Exchange => common.Concat(password).Concat(exchange),
            AccountType.Imap or AccountType.Pop3 => common.Concat(password).Concat(mail).Concat(OAuthOptions),
            AccountType.Graph => common.Concat(GraphOptions),
            _ => common.Concat(password).Concat(exchange).Concat(mail).Concat(OAuthOptions).Concat(GraphOptions.Except(OAuthOptions)).Concat(clear),
        };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// <paramref name="account"/> changed by the flags given. Problems with the flags themselves (a missing environment
    /// variable, contradicting flags) are added to <paramref name="problems"/>; the account's own rules are checked
    /// by the store.
    /// </summary>
    public Account Apply(CommandContext context, Account account, List<ValidationProblem> problems)
    {
        bool Given(Option option) => context.WasGiven(option);
        string? Text(Option<string> option) => context.GetValue(option) is { Length: > 0 } text ? text : null;

        // Checked before anything reads standard input, which holds one secret only.
        if (IsOn(context, PasswordStdin) && IsOn(context, ClientSecretStdin))
        {
            problems.Add(new(AccountFields.ClientSecret, "give --password-stdin or --client-secret-stdin, not both: standard input holds one secret"));
            return account;
        }

        var name = Given(Name) ? context.GetValue(Name) ?? "" : account.Name;

        var exchange = account.Exchange;
        if (Given(ExchangeDomain) || Given(Server) || Given(NoSsl) || (account.Type == AccountType.Exchange && exchange is null))
        {
            exchange = new ExchangeServer(
                Given(ExchangeDomain) ? context.GetValue(ExchangeDomain) ?? "" : exchange?.Domain ?? "",
                Given(Server) ? context.GetValue(Server) ?? "" : exchange?.Server ?? "",
                Given(NoSsl) ? !context.GetValue(NoSsl) : exchange?.UseSsl ?? true);
        }

        var incoming = account.Incoming;
        if (Given(IncomingServer) || Given(IncomingPort) || Given(IncomingSecurity))
        {
            incoming = new IncomingServer(
                Given(IncomingServer) ? context.GetValue(IncomingServer) ?? "" : incoming?.Host ?? "",
                Given(IncomingPort) ? context.GetValue(IncomingPort) : incoming?.Port,
                Given(IncomingSecurity) ? context.GetValue(IncomingSecurity) ?? SecurityMode.Auto : incoming?.Security ?? SecurityMode.Auto);
        }

        var credentials = account.Credentials;
        if (Given(User))
        {
            credentials = credentials with { User = Text(User) };
        }

        if (Clearing(context, ClearPassword, [PasswordStdin, PasswordEnv], problems))
        {
            credentials = credentials with { Password = null };
        }
        else if (!IsOn(context, ClearPassword) && ReadSecret(context, PasswordStdin, PasswordEnv, AccountFields.Password, problems) is { } password)
        {
            credentials = credentials with { Password = password };
        }

        var outgoing = ApplyOutgoing(context, account.Outgoing, problems);

        var padlocks = account.Padlocks;
        padlocks = padlocks with { ServerSettingsLocked = Pair(context, LockServerSettings, UnlockServerSettings, padlocks.ServerSettingsLocked, problems) };
        padlocks = padlocks with { CredentialsLocked = Pair(context, LockCredentials, UsersCanChangeCredentials, padlocks.CredentialsLocked, problems) };

        var fromSettings = account.From with
        {
            AllowUserAddress = Pair(context, FromAllowUserAddress, NoFromAllowUserAddress, account.From.AllowUserAddress, problems),
            AllowArbitrary = Given(FromAllowArbitrary) ? context.GetValue(FromAllowArbitrary) : account.From.AllowArbitrary,
            LegalAddresses = Clearing(context, ClearLegalFrom, [FromAddress], problems) ? []
                : Given(FromAddress) ? (context.GetValue(FromAddress) ?? []).Select(a => a.Trim()).ToList()
                : account.From.LegalAddresses,
            DefaultAddress = Given(DefaultFrom) ? Text(DefaultFrom)?.Trim() : account.From.DefaultAddress,
        };

        var history = account.History;
        history = history with
        {
            AttachToRecord = Given(HistoryAttachToRecord) ? context.GetValue(HistoryAttachToRecord) : history.AttachToRecord,
            AttachToCustomer = Given(HistoryAttachToCustomer) ? context.GetValue(HistoryAttachToCustomer) : history.AttachToCustomer,
            ImportAttachments = Given(HistoryImportAttachments) ? context.GetValue(HistoryImportAttachments) : history.ImportAttachments,
        };

        var changed = account with
        {
            Name = name,
            AvailableToUsers = Given(AvailableToUsers) ? context.GetValue(AvailableToUsers) : account.AvailableToUsers,
            Exchange = exchange,
            Incoming = incoming,
            Outgoing = outgoing,
            Credentials = credentials,
            AllowInvalidCertificate = Given(AllowInvalidCertificate) ? context.GetValue(AllowInvalidCertificate) : account.AllowInvalidCertificate,
            Padlocks = padlocks,
            ConversationId = Given(ConversationId) ? context.GetValue(ConversationId) ?? ConversationIdPlacement.Subject : account.ConversationId,
            From = fromSettings,
            History = history,
        };
        return ApplySignIn(context, changed, problems);
    }

    private OutgoingServer? ApplyOutgoing(CommandContext context, OutgoingServer? outgoing, List<ValidationProblem> problems)
    {
        var clear = Clearing(context, ClearSmtpPassword, [SmtpPasswordEnv], problems);
        var smtpPassword = IsOn(context, ClearSmtpPassword) ? null : ReadSecret(context, null, SmtpPasswordEnv, AccountFields.SmtpPassword, problems);
        var anyGiven = new Option[] { SmtpServer, SmtpPort, SmtpSecurity, SmtpUser, SmtpPasswordEnv, SmtpUseIncomingCredentials }.Any(context.WasGiven);
        if (!anyGiven)
        {
            // Clearing a password that is not there (no SMTP server, or no own credentials) changes nothing.
            return clear && outgoing is { Credentials: { } stored } ? outgoing with { Credentials = stored with { Password = null } } : outgoing;
        }

        var result = new OutgoingServer(
            context.WasGiven(SmtpServer) ? context.GetValue(SmtpServer) ?? "" : outgoing?.Host ?? "",
            context.WasGiven(SmtpPort) ? context.GetValue(SmtpPort) : outgoing?.Port,
            context.WasGiven(SmtpSecurity) ? context.GetValue(SmtpSecurity) ?? SecurityMode.Auto : outgoing?.Security ?? SecurityMode.Auto,
            outgoing?.UseIncomingCredentials ?? true,
            outgoing?.Credentials);
        if (context.WasGiven(SmtpUser) || smtpPassword is not null)
        {
            var own = result.Credentials ?? Credentials.Empty;
            if (context.WasGiven(SmtpUser))
            {
                own = own with { User = context.GetValue(SmtpUser) is { Length: > 0 } user ? user : null };
            }

            if (smtpPassword is not null)
            {
                own = own with { Password = smtpPassword };
            }

            result = result with { UseIncomingCredentials = false, Credentials = own };
        }

        if (clear && result.Credentials is { } ownCredentials)
        {
            result = result with { Credentials = ownCredentials with { Password = null } };
        }

        if (context.WasGiven(SmtpUseIncomingCredentials) && context.GetValue(SmtpUseIncomingCredentials))
        {
            if (context.WasGiven(SmtpUser) || smtpPassword is not null)
            {
                problems.Add(new(AccountFields.SmtpUseIncomingCredentials, "contradicts --smtp-user/--smtp-password-env; give one or the other"));
            }

            result = result with { UseIncomingCredentials = true, Credentials = null };
        }

        return result;
    }

    private static bool Pair(CommandContext context, Option<bool> on, Option<bool> off, bool current, List<ValidationProblem> problems)
    {
        var onGiven = context.WasGiven(on) && context.GetValue(on);
        var offGiven = context.WasGiven(off) && context.GetValue(off);
        if (onGiven && offGiven)
        {
            problems.Add(new(on.Name.TrimStart('-'), $"contradicts {off.Name}; give one or the other"));
            return current;
        }

        return onGiven || (!offGiven && current);
    }

    /// <summary>Whether a flag is on the line and not turned off ('--x false'); flags a command lacks are off.</summary>
    private static bool IsOn(CommandContext context, Option<bool> flag) => context.WasGiven(flag) && context.GetValue(flag);

    /// <summary>
    /// Whether <paramref name="clear"/> was given; given together with a flag that sets the same field, it is a problem
    /// naming both, and nothing is cleared (the whole edit is refused anyway).
    /// </summary>
    private static bool Clearing(CommandContext context, Option<bool> clear, Option[] setters, List<ValidationProblem> problems)
    {
        if (!IsOn(context, clear))
        {
            return false;
        }

        var conflicting = setters.Where(s => context.WasGiven(s) && (s is not Option<bool> flag || context.GetValue(flag))).Select(s => s.Name).ToList();
        if (conflicting.Count > 0)
        {
            problems.Add(new(clear.Name.TrimStart('-'), $"contradicts {string.Join(" and ", conflicting)}; give one or the other"));
            return false;
        }

        return true;
    }

    private static Secret? ReadSecret(CommandContext context, Option<bool>? stdinOption, Option<string> envOption, string field, List<ValidationProblem> problems)
    {
        var fromStdin = stdinOption is not null && context.WasGiven(stdinOption) && context.GetValue(stdinOption);
        var variable = context.GetValue(envOption);
        if (fromStdin && variable is not null)
        {
            problems.Add(new(field, $"give either {stdinOption!.Name} or {envOption.Name}, not both"));
            return null;
        }

        if (fromStdin)
        {
            var text = Console.In.ReadToEnd();
            // One trailing line break is the shell's (echo, a here-string), not part of the password.
            text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
            if (text.Length == 0)
            {
                problems.Add(new(field, "standard input was empty; pipe the password in, e.g. printf '%s' \"$PW\" | mailroom …"));
                return null;
            }

            return new Secret(text);
        }

        if (variable is not null)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value))
            {
                problems.Add(new(envOption.Name.TrimStart('-'), $"the environment variable '{variable}' is not set or empty"));
                return null;
            }

            return new Secret(value);
        }

        return null;
    }
}
