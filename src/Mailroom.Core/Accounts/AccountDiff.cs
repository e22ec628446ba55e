namespace Mailroom.Core.Accounts;

/// <summary>
/// Which fields an edit changed, by name only (<see cref="AccountFields"/>), for the audit log. Secrets are compared
/// but never reported by value.
/// </summary>
public static class AccountDiff
{
    public static IReadOnlyList<string> ChangedFields(Account before, Account after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var fields = new List<string>();
        void Check(bool changed, string field)
        {
            if (changed && !fields.Contains(field))
            {
                fields.Add(field);
            }
        }

        Check(before.Name != after.Name, AccountFields.Name);
        Check(before.Type != after.Type, AccountFields.Type);
        Check(before.AvailableToUsers != after.AvailableToUsers, AccountFields.AvailableToUsers);
        Check(before.Exchange?.Domain != after.Exchange?.Domain, AccountFields.ExchangeDomain);
        Check(before.Exchange?.Server != after.Exchange?.Server, AccountFields.Server);
        Check(before.Exchange?.UseSsl != after.Exchange?.UseSsl, AccountFields.UseSsl);
        Check(before.AllowInvalidCertificate != after.AllowInvalidCertificate, AccountFields.AllowInvalidCertificate);
        Check(before.Credentials.User != after.Credentials.User, AccountFields.User);
        Check(!Equals(before.Credentials.Password, after.Credentials.Password), AccountFields.Password);
        Check(before.Incoming?.Host != after.Incoming?.Host, AccountFields.IncomingServer);
        Check(before.Incoming?.Port != after.Incoming?.Port, AccountFields.IncomingPort);
        Check(before.Incoming?.Security != after.Incoming?.Security, AccountFields.IncomingSecurity);
        Check(before.Outgoing?.Host != after.Outgoing?.Host, AccountFields.SmtpServer);
        Check(before.Outgoing?.Port != after.Outgoing?.Port, AccountFields.SmtpPort);
        Check(before.Outgoing?.Security != after.Outgoing?.Security, AccountFields.SmtpSecurity);
        Check(before.Outgoing?.UseIncomingCredentials != after.Outgoing?.UseIncomingCredentials, AccountFields.SmtpUseIncomingCredentials);
        Check(before.Outgoing?.Credentials?.User != after.Outgoing?.Credentials?.User, AccountFields.SmtpUser);
        Check(!Equals(before.Outgoing?.Credentials?.Password, after.Outgoing?.Credentials?.Password), AccountFields.SmtpPassword);
        Check(before.Padlocks.ServerSettingsLocked != after.Padlocks.ServerSettingsLocked, AccountFields.ServerSettingsLock);
        Check(before.Padlocks.CredentialsLocked != after.Padlocks.CredentialsLocked, AccountFields.CredentialsLock);
        Check(before.ConversationId != after.ConversationId, AccountFields.ConversationId);
        Check(before.From.AllowUserAddress != after.From.AllowUserAddress, AccountFields.FromAllowUserAddress);
        Check(before.From.AllowArbitrary != after.From.AllowArbitrary, AccountFields.FromAllowArbitrary);
        Check(!before.From.LegalAddresses.SequenceEqual(after.From.LegalAddresses), AccountFields.FromAddress);
        Check(before.From.DefaultAddress != after.From.DefaultAddress, AccountFields.DefaultFrom);
        Check(before.History != after.History, AccountFields.History);
        Check(before.OAuth is null != after.OAuth is null, AccountFields.Auth);
        Check(before.OAuth?.Provider != after.OAuth?.Provider, AccountFields.OAuthProvider);
        Check(before.OAuth?.Flow != after.OAuth?.Flow, AccountFields.OAuthFlow);
        Check(before.OAuth?.ClientId != after.OAuth?.ClientId, AccountFields.ClientId);
        Check(!Equals(before.OAuth?.ClientSecret, after.OAuth?.ClientSecret), AccountFields.ClientSecret);
        Check(!Equals(before.OAuth?.ClientCertificate, after.OAuth?.ClientCertificate), AccountFields.ClientCertificate);
        Check(before.OAuth?.Tenant != after.OAuth?.Tenant, AccountFields.Tenant);
        Check(before.OAuth?.Authority != after.OAuth?.Authority, AccountFields.Authority);
        Check(before.OAuth?.AuthorizeUrl != after.OAuth?.AuthorizeUrl, AccountFields.AuthorizeUrl);
        Check(before.OAuth?.TokenUrl != after.OAuth?.TokenUrl, AccountFields.TokenUrl);
        Check(!(before.OAuth?.Scopes ?? []).SequenceEqual(after.OAuth?.Scopes ?? []), AccountFields.Scope);
        Check(before.Graph?.Mailbox != after.Graph?.Mailbox, AccountFields.Mailbox);
        Check(before.Graph?.GraphUrl != after.Graph?.GraphUrl, AccountFields.GraphUrl);
        return fields;
    }
}
