using System.Security.Cryptography.X509Certificates;

namespace Mailroom.Testing.OAuth;

/// <summary>
/// An application registered with the local authorization server (an Entra ID "app registration"). Change its
/// properties during a test to make the server refuse it the way Microsoft would (an expired secret, say).
/// </summary>
public sealed class OAuthTestClient
{
    internal OAuthTestClient(string clientId, string? secret, X509Certificate2? certificate)
    {
        ClientId = clientId;
        Secret = secret;
        Certificate = certificate;
        AppSubject = "sp-" + clientId;
    }

    /// <summary>The application (client) id.</summary>
    public string ClientId { get; }

    /// <summary>The client secret; null for a public client or one that signs in with <see cref="Certificate"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>When true, the secret is refused as expired (AADSTS7000222).</summary>
    public bool SecretExpired { get; set; }

    /// <summary>The certificate whose key must sign client assertions (its public part is enough).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// The <c>sub</c> of app-only (client credentials) tokens. Microsoft puts the service principal's object id there;
    /// the test Dovecot takes the IMAP user from <c>sub</c>, so a test that signs in to a mailbox with an app-only token
    /// sets this to the mailbox address (standing in for <c>Add-MailboxPermission</c>).
    /// </summary>
    public string AppSubject { get; set; }

    /// <summary>The application permissions put in app-only tokens' <c>roles</c>.</summary>
    public IList<string> AppRoles { get; } = new List<string> { "IMAP.AccessAsApp", "POP.AccessAsApp", "SMTP.SendAsApp", "Mail.ReadWrite", "Mail.Send" };

    /// <summary>Redirect URLs accepted on the authorize endpoint; empty means any http URL on a loopback address.</summary>
    public IList<string> RedirectUris { get; } = new List<string>();

    /// <summary>A client without secret or certificate (a desktop or command-line app).</summary>
    public bool IsPublic => Secret is null && Certificate is null;

    public override string ToString() => ClientId;
}
