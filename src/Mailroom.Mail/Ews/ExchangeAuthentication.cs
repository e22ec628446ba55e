namespace Mailroom.Mail.Ews;

/// <summary>How the client signs in to Exchange Web Services.</summary>
public enum ExchangeAuthentication
{
    /// <summary>NTLM as Exchange Domain\User: the on-premises default. Uses .NET's managed NTLM, no OS package.</summary>
    Ntlm,

    /// <summary>HTTP Basic with Domain\User (only when Basic is enabled on the EWS virtual directory; TLS only).</summary>
    Basic,

    /// <summary>An OAuth 2.0 access token sent as <c>Authorization: Bearer</c>; the account's password holds it.</summary>
    Bearer,
}
