namespace Mailroom.Core.Accounts;

/// <summary>The Exchange Server page of an account.</summary>
/// <param name="Domain">The NTLM domain the user signs in to.</param>
/// <param name="Server">A Client Access host name, or a full <c>https://…/EWS/Exchange.asmx</c> URL.</param>
/// <param name="UseSsl">Whether the host becomes an https URL; on by default.</param>
public sealed record ExchangeServer(string Domain, string Server, bool UseSsl = true)
{
    /// <summary>The web service address: a full URL as given, else the host's standard EWS path.</summary>
    public Uri EndpointUri
    {
        get
        {
            if (Uri.TryCreate(Server, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                return uri;
            }

            return new Uri($"{(UseSsl ? "https" : "http")}://{Server.Trim()}/EWS/Exchange.asmx");
        }
    }
}
