using System.Net;
using System.Net.Security;
using Mailroom.Core.Accounts;

namespace Mailroom.Mail.Ews;

/// <summary>Builds the HTTP stack of one Exchange client: keep-alive HTTP/1.1, no redirects, the account's sign-in.</summary>
internal static class EwsHttp
{
    static EwsHttp()
    {
        // .NET on Linux does NTLM through GSSAPI and the gss-ntlmssp plugin unless told otherwise; that pairing is
        // fragile (OpenSSL 3 without MD4, broken plugin builds: dotnet/runtime#122895). The managed implementation
        // needs no OS package. The switch is read once, at the first NTLM handshake of the process.
        AppContext.SetSwitch("System.Net.Security.UseManagedNtlm", true);
    }

    public static SocketsHttpHandler CreateHandler(Account account, Uri endpoint, ExchangeAuthentication authentication, EwsCertificatePolicy certificatePolicy)
    {
        var handler = new SocketsHttpHandler
        {
            // A 302 from EWS points at an OWA login page or an error page: a wrong URL, never to be followed with credentials.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            // Few connections per mailbox: Exchange throttles concurrency per user (EWSMaxConcurrency).
            MaxConnectionsPerServer = 4,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificatePolicy.Validate },
        };

        if (authentication == ExchangeAuthentication.Ntlm)
        {
            var credentials = account.Credentials;
            var cache = new CredentialCache
            {
                // Registered under "NTLM" only: a server offering Negotiate too would otherwise get a Kerberos attempt.
                {
                    new Uri(endpoint.GetLeftPart(UriPartial.Authority)), "NTLM",
                    new NetworkCredential(credentials.User ?? string.Empty, credentials.Password?.Reveal() ?? string.Empty, account.Exchange?.Domain?.Trim() ?? string.Empty)
                },
            };
            handler.Credentials = cache;
        }

        return handler;
    }
}
