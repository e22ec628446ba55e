using Mailroom.Core.Accounts;
using Mailroom.Data.Secrets;

namespace Mailroom.Data.Accounts;

/// <summary>Between <see cref="Account"/> and <see cref="AccountRow"/>: secrets sealed on the way in, unsealed on the way out.</summary>
internal static class AccountMapper
{
    public static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    public static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum => Enum.Parse<TEnum>(text, ignoreCase: true);

    public static string OwnerKey(string? owner) => owner is null ? "" : owner.Trim().ToUpperInvariant();

    public static AccountRow ToRow(Account account, SecretProtector protector, long now)
    {
        var smtpOwn = account.Outgoing?.Credentials;
        var oauth = account.OAuth;
        return new AccountRow
        {
            id = account.Id,
            owner = account.Owner,
            owner_key = OwnerKey(account.Owner),
            name = account.Name,
            name_key = AccountValidator.NameKey(account.Name),
            type = Text(account.Type),
            available_to_users = account.AvailableToUsers,
            exchange_domain = account.Exchange?.Domain,
            exchange_server = account.Exchange?.Server,
            exchange_use_ssl = account.Exchange?.UseSsl,
            incoming_host = account.Incoming?.Host,
            incoming_port = account.Incoming?.Port,
            incoming_security = account.Incoming is null ? null : Text(account.Incoming.Security),
            smtp_host = account.Outgoing?.Host,
            smtp_port = account.Outgoing?.Port,
            smtp_security = account.Outgoing is null ? null : Text(account.Outgoing.Security),
            smtp_use_incoming_credentials = account.Outgoing?.UseIncomingCredentials,
            smtp_has_own_credentials = account.Outgoing is null ? null : smtpOwn is not null,
            smtp_user = smtpOwn?.User,
            smtp_password_sealed = protector.SealOrNull(smtpOwn?.Password),
            user_name = account.Credentials.User,
            password_sealed = protector.SealOrNull(account.Credentials.Password),
            allow_invalid_certificate = account.AllowInvalidCertificate,
            server_settings_locked = account.Padlocks.ServerSettingsLocked,
            credentials_locked = account.Padlocks.CredentialsLocked,
            conversation_id = Text(account.ConversationId),
            from_allow_user_address = account.From.AllowUserAddress,
            from_allow_arbitrary = account.From.AllowArbitrary,
            from_default = account.From.DefaultAddress,
            history_attach_to_record = account.History.AttachToRecord,
            history_attach_to_customer = account.History.AttachToCustomer,
            history_import_attachments = account.History.ImportAttachments,
            oauth_provider = oauth is null ? null : OAuthNames.Provider(oauth.Provider),
            oauth_client_id = oauth?.ClientId,
            oauth_flow = oauth is null ? null : OAuthNames.Flow(oauth.Flow),
            oauth_client_secret_sealed = protector.SealOrNull(oauth?.ClientSecret),
            oauth_client_certificate_sealed = protector.SealOrNull(oauth?.ClientCertificate),
            oauth_tenant = oauth?.Tenant,
            oauth_authority = oauth?.Authority,
            oauth_authorize_url = oauth?.AuthorizeUrl,
            oauth_token_url = oauth?.TokenUrl,
            oauth_scopes = oauth is null || oauth.Scopes.Count == 0 ? null : string.Join(' ', oauth.Scopes),
            graph_mailbox = account.Graph?.Mailbox,
            graph_url = account.Graph?.GraphUrl,
            version = account.Version,
            created_at = now,
            updated_at = now,
        };
    }

    public static Account ToAccount(AccountRow row, IReadOnlyList<string> fromAddresses, SecretProtector protector) => new()
    {
        Id = row.id,
        Owner = row.owner,
        Name = row.name,
        Type = Parse<AccountType>(row.type),
        AvailableToUsers = row.available_to_users,
        Exchange = row.exchange_server is null && row.exchange_domain is null
            ? null
            : new ExchangeServer(row.exchange_domain ?? "", row.exchange_server ?? "", row.exchange_use_ssl ?? true),
        Incoming = row.incoming_host is null
            ? null
            : new IncomingServer(row.incoming_host, row.incoming_port, Parse<SecurityMode>(row.incoming_security ?? "auto")),
        Outgoing = row.smtp_host is null
            ? null
            : new OutgoingServer(
                row.smtp_host,
                row.smtp_port,
                Parse<SecurityMode>(row.smtp_security ?? "auto"),
                row.smtp_use_incoming_credentials ?? true,
                row.smtp_has_own_credentials == true ? new Credentials(row.smtp_user, protector.UnsealOrNull(row.smtp_password_sealed)) : null),
        Credentials = row.user_name is null && row.password_sealed is null
            ? Credentials.Empty
            : new Credentials(row.user_name, protector.UnsealOrNull(row.password_sealed)),
        AllowInvalidCertificate = row.allow_invalid_certificate,
        Padlocks = new Padlocks(row.server_settings_locked, row.credentials_locked),
        ConversationId = Parse<ConversationIdPlacement>(row.conversation_id),
        From = new FromSettings(row.from_allow_user_address, row.from_allow_arbitrary, fromAddresses, row.from_default),
        History = new HistoryOptions(row.history_attach_to_record, row.history_attach_to_customer, row.history_import_attachments),
        OAuth = ToOAuth(row, protector),
        Graph = row.graph_mailbox is null ? null : new GraphMailboxSettings(row.graph_mailbox, row.graph_url),
        Version = row.version,
    };

    private static OAuthSettings? ToOAuth(AccountRow row, SecretProtector protector)
    {
        if (row.oauth_provider is null)
        {
            return null;
        }

        // Written by ToRow from the same names; a value that does not read back is a damaged row, not bad input.
        if (!OAuthNames.TryParseProvider(row.oauth_provider, out var provider) || !OAuthNames.TryParseFlow(row.oauth_flow, out var flow))
        {
            throw new InvalidDataException($"Account {row.id} has an unknown OAuth provider '{row.oauth_provider}' or flow '{row.oauth_flow}' in the database.");
        }

        return new OAuthSettings(provider, row.oauth_client_id ?? "", flow)
        {
            ClientSecret = protector.UnsealOrNull(row.oauth_client_secret_sealed),
            ClientCertificate = protector.UnsealOrNull(row.oauth_client_certificate_sealed),
            Tenant = row.oauth_tenant,
            Authority = row.oauth_authority,
            AuthorizeUrl = row.oauth_authorize_url,
            TokenUrl = row.oauth_token_url,
            Scopes = row.oauth_scopes is null ? [] : row.oauth_scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        };
    }
}
