using Mailroom.Data;
using Mailroom.Data.Files;

namespace Mailroom.Web;

/// <summary>
/// What <c>serve</c> tells the operator once at start about how the data is kept: a data directory, database or
/// key ring open to the group or others (each path with its mode and the chmod that closes it), and a key ring kept
/// unencrypted because no certificate is configured. Nothing here stops the start: a wide mode may be on purpose.
/// </summary>
internal static class StartupChecks
{
    public static void Report(ILogger logger, DatabaseOptions options)
    {
        if (options.Dialect == SqlDialect.Sqlite)
        {
            foreach (var (path, mode) in DataDirectoryAccess.FindTooOpen(options.DataDirectory))
            {
                var wanted = Directory.Exists(path) ? DataDirectoryAccess.DirectoryMode : DataDirectoryAccess.FileMode;
                StartupLog.TooOpen(logger, path, DataDirectoryAccess.Octal(mode), DataDirectoryAccess.Octal(wanted));
            }
        }

        if (options.KeyCertificateFile is null)
        {
            StartupLog.KeyRingUnencrypted(logger);
        }
        else
        {
            // Already loaded (and checked) when the services were built; read again only for its name.
            using var certificate = Data.Secrets.KeyRingCertificate.Load(options.KeyCertificateFile);
            StartupLog.KeyRingEncrypted(logger, certificate.Thumbprint, options.KeyCertificateFile);
        }
    }
}
