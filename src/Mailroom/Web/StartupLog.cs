namespace Mailroom.Web;

/// <summary>Log events of <c>serve</c>'s start-up checks, ids 8000-8099.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(8000, LogLevel.Warning, "{Path} is mode {Mode}: the group or others can reach it, and the data directory holds customer mail and the key ring; run chmod {Wanted} {Path}")]
    public static partial void TooOpen(ILogger logger, string path, string mode, string wanted);

    [LoggerMessage(8001, LogLevel.Warning, "The Data Protection key ring (it unseals every stored password) is kept unencrypted; set MAILROOM_KEYS_CERTIFICATE to a PKCS#12 file and MAILROOM_KEYS_CERTIFICATE_PASSWORD to its password to encrypt it (see the README, Configuration)")]
    public static partial void KeyRingUnencrypted(ILogger logger);

    [LoggerMessage(8002, LogLevel.Information, "The Data Protection key ring is encrypted with the certificate {Thumbprint} from {File}")]
    public static partial void KeyRingEncrypted(ILogger logger, string thumbprint, string file);
}
