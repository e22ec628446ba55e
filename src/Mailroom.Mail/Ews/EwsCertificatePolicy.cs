using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Ews;

/// <summary>
/// The server certificate check of one client. Without Allow Invalid Server Certificate only a valid certificate
/// passes; with it every certificate passes and each connection that needed the exception is logged as a warning.
/// Remembers what was wrong so a refused connection can be explained.
/// </summary>
internal sealed class EwsCertificatePolicy(Uri endpoint, bool allowInvalid, ILogger logger)
{
    public SslPolicyErrors LastErrors { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        LastErrors = errors;
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (!allowInvalid)
        {
            return false;
        }

        logger.InvalidCertificateAccepted(endpoint, errors, certificate?.Subject);
        return true;
    }
}
