using System.Text.Json.Serialization;
using Mailroom.Core.Accounts;
using Mailroom.Engine.OAuth;

namespace Mailroom.Shapes;

/// <summary>
/// An account as <c>accounts show --json</c> prints it: every field, named like the flags, ports resolved to what is
/// used, and whether each secret is set, never the secret.
/// </summary>
internal sealed record AccountView(
    long Id,
    string Name,
    string Type,
    bool AvailableToUsers,
    string? ExchangeDomain,
    string? Server,
    bool? UseSsl,
    string? EwsUrl,
    string? IncomingServer,
    int? IncomingPort,
    string? IncomingSecurity,
    string? SmtpServer,
    int? SmtpPort,
    string? SmtpSecurity,
    bool? SmtpUseIncomingCredentials,
    string? SmtpUser,
    bool SmtpPasswordSet,
    string? User,
    bool PasswordSet,
    bool AllowInvalidCertificate,
    bool ServerSettingsLocked,
    bool CredentialsLocked,
    bool UsersCanChangeCredentials,
    string ConversationId,
    bool FromAllowUserAddress,
    bool FromAllowArbitrary,
    IReadOnlyList<string> FromAddresses,
    string? DefaultFrom,
    bool HistoryAttachToRecord,
    bool HistoryAttachToCustomer,
    bool HistoryImportAttachments,
    string Auth,
    [property: JsonPropertyName("oauth")] AccountOAuthView? OAuth, // camelCase alone would write "oAuth"
    AccountGraphView? Graph,
    long Version)
{
    /// <summary>OAuth 2.0 accounts: <c>ok</c> or <c>sign-in-needed</c> with the reason; absent for password sign-in.</summary>
    public SignInStatus? SignIn { get; init; }

    public static AccountView From(Account a) => new(
        a.Id,
        a.Name,
        Lower(a.Type),
        a.AvailableToUsers,
        a.Exchange?.Domain,
        a.Exchange?.Server,
        a.Exchange?.UseSsl,
        a.Exchange is { Server.Length: > 0 } ? a.Exchange.EndpointUri.ToString() : null,
        a.Incoming?.Host,
        a.Incoming is null || a.Type == AccountType.Exchange ? null : a.Incoming.EffectivePort(a.Type),
        a.Incoming is null ? null : Lower(a.Incoming.Security),
        a.Outgoing?.Host,
        a.Outgoing?.EffectivePort,
        a.Outgoing is null ? null : Lower(a.Outgoing.Security),
        a.Outgoing?.UseIncomingCredentials,
        a.Outgoing?.Credentials?.User,
        a.Outgoing?.Credentials?.Password is not null,
        a.Credentials.User,
        a.Credentials.Password is not null,
        a.AllowInvalidCertificate,
        a.Padlocks.ServerSettingsLocked,
        a.Padlocks.CredentialsLocked,
        a.Padlocks.UsersCanChangeCredentials,
        Lower(a.ConversationId),
        a.From.AllowUserAddress,
        a.From.AllowArbitrary,
        a.From.LegalAddresses,
        a.From.DefaultAddress,
        a.History.AttachToRecord,
        a.History.AttachToCustomer,
        a.History.ImportAttachments,
        OAuthNames.Auth(a.OAuth),
        AccountOAuthView.From(a),
        AccountGraphView.From(a),
        a.Version);

    /// <summary>What a person recognises the account by: the Exchange server, the incoming server, or the Graph mailbox.</summary>
    public static string? HostOf(Account a) => a.Type switch
    {
        AccountType.Exchange => a.Exchange?.Server,
        AccountType.Graph => a.Graph?.Mailbox,
        _ => a.Incoming?.Host,
    };

    private static string Lower<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
