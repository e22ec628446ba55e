using Mailroom.Shapes;

namespace Mailroom.Commands;

/// <summary>An account as <c>accounts show</c> prints it for a person: one field per line, named like the flags.</summary>
internal static class AccountText
{
    public static void Write(TextWriter output, AccountView a)
    {
        void Line(string label, object? value)
        {
            if (value is not null)
            {
                output.WriteLine($"{label,-30} {Format(value)}");
            }
        }

        Line("name", a.Name);
        Line("type", a.Type);
        Line("available-to-users", a.AvailableToUsers);
        Line("exchange-domain", a.ExchangeDomain);
        Line("server", a.Server);
        Line("use-ssl", a.UseSsl);
        Line("ews-url", a.EwsUrl);
        Line("incoming-server", a.IncomingServer);
        Line("incoming-port", a.IncomingPort);
        Line("incoming-security", a.IncomingSecurity);
        Line("smtp-server", a.SmtpServer);
        Line("smtp-port", a.SmtpPort);
        Line("smtp-security", a.SmtpSecurity);
        Line("smtp-use-incoming-credentials", a.SmtpUseIncomingCredentials);
        if (a.SmtpUseIncomingCredentials == false)
        {
            Line("smtp-user", a.SmtpUser ?? "(blank)");
            Line("smtp-password", a.SmtpPasswordSet ? "(set)" : "(not set)");
        }

        if (a.Graph is { } graph)
        {
            Line("mailbox", graph.Mailbox);
            Line("graph-url", graph.GraphUrl);
        }
        else
        {
            Line("user", a.User ?? "(blank)");
        }

        Line("auth", a.Auth);
        if (a.OAuth is { } oauth)
        {
            Line("oauth-provider", oauth.Provider);
            Line("oauth-flow", oauth.Flow);
            Line("client-id", oauth.ClientId);
            Line("client-secret", oauth.ClientSecretSet ? "(set)" : "(not set)");
            if (oauth.ClientCertificateSet)
            {
                Line("client-certificate", "(set)");
            }

            Line("tenant", oauth.Tenant);
            Line("authority", oauth.Authority);
            Line("token-url", oauth.TokenUrl);
            Line("authorize-url", oauth.AuthorizeUrl);
            Line("device-code-url", oauth.DeviceCodeUrl);
            Line("scope", string.Join(' ', oauth.Scopes));
        }
        else
        {
            Line("password", a.PasswordSet ? "(set)" : "(not set)");
        }
        Line("allow-invalid-certificate", a.AllowInvalidCertificate);
        Line("server-settings", a.ServerSettingsLocked ? "locked" : "unlocked");
        Line("credentials", a.CredentialsLocked ? "locked" : "unlocked (users can change credentials)");
        Line("conversation-id", a.ConversationId);
        Line("from-allow-user-address", a.FromAllowUserAddress);
        Line("from-allow-arbitrary", a.FromAllowArbitrary);
        Line("from-address", a.FromAddresses.Count == 0 ? "(none)" : string.Join(", ", a.FromAddresses));
        Line("default-from", a.DefaultFrom ?? "(none)");
        Line("history-attach-to-record", a.HistoryAttachToRecord);
        Line("history-attach-to-customer", a.HistoryAttachToCustomer);
        Line("history-import-attachments", a.HistoryImportAttachments);
        Line("sign-in", a.SignIn?.ToString());
        Line("version", a.Version);
    }

    private static string Format(object value) => value switch
    {
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
