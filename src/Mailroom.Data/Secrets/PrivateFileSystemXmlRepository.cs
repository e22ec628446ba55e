using System.Xml.Linq;
using Mailroom.Data.Files;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace Mailroom.Data.Secrets;

/// <summary>
/// The key ring in <c>&lt;data-dir&gt;/keys</c> as Data Protection keeps it, with each key file made 0600 once
/// written: the files hold the keys that unseal every stored password (encrypted only when a certificate is
/// configured, see <see cref="KeyRingCertificate"/>), and Data Protection writes them with the process's umask.
/// </summary>
internal sealed class PrivateFileSystemXmlRepository(DirectoryInfo directory, ILoggerFactory loggerFactory)
    : FileSystemXmlRepository(directory, loggerFactory)
{
    public override void StoreElement(XElement element, string friendlyName)
    {
        base.StoreElement(element, friendlyName);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // The base class names the file itself (a safe friendly name, else a GUID): tighten every key file.
        foreach (var file in Directory.EnumerateFiles("*.xml"))
        {
            if (file.UnixFileMode != DataDirectoryAccess.FileMode)
            {
                file.UnixFileMode = DataDirectoryAccess.FileMode;
            }
        }
    }
}
