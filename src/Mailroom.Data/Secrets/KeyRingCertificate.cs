using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mailroom.Core.Validation;

namespace Mailroom.Data.Secrets;

/// <summary>
/// The certificate that encrypts the Data Protection key ring at rest (<c>ProtectKeysWithCertificate</c>): a PKCS#12
/// file (<c>.pfx</c>/<c>.p12</c>, with its private key) named by <see cref="FileVariable"/>, its password in
/// <see cref="PasswordVariable"/> (never on the command line). Without it the key ring is stored unencrypted,
/// protected only by the data directory's mode (SQLite) or the database's access rules (PostgreSQL), and
/// <c>serve</c> warns at start. Every node of one installation, and every command run against it, needs the same
/// certificate; losing it loses every sealed secret, so keep a copy where the backups are.
/// </summary>
public static class KeyRingCertificate
{
    /// <summary>The environment variable naming the PKCS#12 file.</summary>
    public const string FileVariable = "MAILROOM_KEYS_CERTIFICATE";

    /// <summary>The environment variable holding the file's password (empty or unset: none).</summary>
    public const string PasswordVariable = "MAILROOM_KEYS_CERTIFICATE_PASSWORD";

    /// <summary>
    /// Loads the certificate named by <paramref name="path"/> with the password from <see cref="PasswordVariable"/>.
    /// </summary>
    /// <exception cref="ValidationException">The file is missing, unreadable, the password is wrong, or it has no private key; the problem names <see cref="FileVariable"/>.</exception>
    public static X509Certificate2 Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ValidationException(FileVariable, $"the file {path} does not exist; give the path of a PKCS#12 (.pfx) file with its private key");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, Environment.GetEnvironmentVariable(PasswordVariable));
        }
        catch (CryptographicException ex)
        {
            throw new ValidationException(FileVariable,
                $"{path} cannot be read as a PKCS#12 certificate ({ex.Message}); check the file and the password in {PasswordVariable}");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ValidationException(FileVariable, $"{path} holds no private key; the key ring could be encrypted but never read back");
        }

        return certificate;
    }
}
