using System.Net;
using MailKit.Security;
using Mailroom.Core.Accounts;

namespace Mailroom.Mail.Connections;

/// <summary>Chooses how to sign in with given credentials among the mechanisms a server offers.</summary>
internal static class SaslChoice
{
    /// <summary>
    /// An OAuth 2.0 token goes as OAUTHBEARER (RFC 7628) where offered, else as XOAUTH2 (Google's and Microsoft's
    /// older form); null when the server offers neither. Passwords are left to MailKit, which picks the strongest
    /// mechanism the server offers.
    /// </summary>
    public static SaslMechanism? ForToken(IEnumerable<string> offered, string user, string token)
    {
        var mechanisms = offered.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (mechanisms.Contains("OAUTHBEARER"))
        {
            return new SaslMechanismOAuthBearer(user, token);
        }

        if (mechanisms.Contains("XOAUTH2"))
        {
            return new SaslMechanismOAuth2(user, token);
        }

        return null;
    }

    /// <summary>The password mechanisms tried, strongest first; CRAM-MD5, DIGEST-MD5 and NTLM are left out as obsolete.</summary>
    private static readonly string[] PasswordPreference = ["SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "LOGIN"];

    /// <summary>
    /// The one mechanism to sign in with a password: the strongest the server offers. One attempt only, because a
    /// client that tries every mechanism in turn multiplies each wrong password into several failures, and servers
    /// (Dovecot's auth penalty, fail2ban) slow down or block the whole address for that. Null when the server
    /// offers none of them: then the protocol's own plain login (IMAP LOGIN, POP3 USER/PASS) is used.
    /// </summary>
    public static SaslMechanism? ForPassword(IEnumerable<string> offered, NetworkCredential credential)
    {
        var mechanisms = offered.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var name = PasswordPreference.FirstOrDefault(mechanisms.Contains);
        return name is null ? null : SaslMechanism.Create(name, credential);
    }

    public static NetworkCredential Credential(Credentials credentials) =>
        new(credentials.User ?? string.Empty, credentials.Password?.Reveal() ?? string.Empty);
}
