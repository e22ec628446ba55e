using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Connections;

/// <summary>
/// Validates one connection's server certificate: normal .NET validation, and, when the account allows invalid
/// certificates, acceptance with a warning that names the problem. It remembers what it saw, so a refusal can be
/// explained with the certificate's subject, issuer and expiry.
/// </summary>
internal sealed class CertificateCheck(MailEndpoint endpoint, ILogger logger)
{
    /// <summary>Why the certificate was not valid (null when it was, or none was seen).</summary>
    public string? Problem { get; private set; }

    public string? Subject { get; private set; }

    public string? Issuer { get; private set; }

    public DateTime? NotAfter { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not null)
        {
            Subject = certificate.Subject;
            Issuer = certificate.Issuer;
            NotAfter = certificate is X509Certificate2 c2 ? c2.NotAfter.ToUniversalTime() : DateTime.Parse(certificate.GetExpirationDateString(), System.Globalization.CultureInfo.CurrentCulture).ToUniversalTime();
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        Problem = Describe(errors, chain);
        if (endpoint.AllowInvalidCertificate)
        {
            ConnectionLog.InvalidCertificateAccepted(logger, endpoint.ToString(), Problem, Subject ?? "(none)", Issuer ?? "(none)", FormatExpiry());
            return true;
        }

        ConnectionLog.CertificateRefused(logger, endpoint.ToString(), Problem, Subject ?? "(none)", Issuer ?? "(none)", FormatExpiry());
        return false;
    }

    public string FormatExpiry() => NotAfter is { } t ? t.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "(unknown)";

    /// <summary>Names the policy errors and, for chain errors, the chain's own status (self-signed, expired...).</summary>
    private static string Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        var parts = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            parts.Add("the server sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            parts.Add("the certificate is for another host name");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList() ?? [];
            parts.Add(statuses.Count == 0 ? "the certificate chain is not trusted" : $"the certificate chain is not trusted ({string.Join(", ", statuses.Select(Explain))})");
        }

        return $"{string.Join("; ", parts)} [{errors}]";
    }

    private static string Explain(X509ChainStatusFlags status) => status switch
    {
        X509ChainStatusFlags.UntrustedRoot => "self-signed or unknown root",
        X509ChainStatusFlags.PartialChain => "issuer not known",
        X509ChainStatusFlags.NotTimeValid => "expired or not yet valid",
        X509ChainStatusFlags.Revoked => "revoked",
        _ => status.ToString(),
    };
}
