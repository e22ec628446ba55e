namespace Mailroom.Core.Monitor;

/// <summary>Import the mail's attachments onto the record, within a size limit and without blocked file types.</summary>
/// <param name="MaxBytes">Largest attachment imported (default 25 MB); larger ones are left on the history entry only.</param>
/// <param name="BlockedExtensions">Extensions never imported, lower-case with the dot (".exe").</param>
/// <param name="KeepInlineImages">Keep images the HTML body shows inline (on by default).</param>
public sealed record ImportAttachmentsAction(
    long MaxBytes = ImportAttachmentsAction.DefaultMaxBytes,
    IReadOnlyList<string>? BlockedExtensions = null,
    bool KeepInlineImages = true) : MonitorAction
{
    public const long DefaultMaxBytes = 25L * 1024 * 1024;

    /// <summary>Executable and script types that a help desk should never hand to an agent with a click.</summary>
    public static IReadOnlyList<string> DefaultBlockedExtensions { get; } =
        [".exe", ".bat", ".cmd", ".com", ".scr", ".pif", ".vbs", ".js", ".jse", ".wsf", ".msi", ".ps1", ".hta", ".cpl"];

    /// <summary>Whether the attachment may be imported under this action's rules.</summary>
    public bool Allows(IncomingAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return attachment.Size <= MaxBytes && AllowsFile(attachment.FileName, attachment.IsInline);
    }

    /// <summary>
    /// The rules that do not depend on the size (inline images, blocked types): checked before an attachment is
    /// decoded, so a refused file is never read; the size is then enforced while decoding, up to <see cref="MaxBytes"/>.
    /// </summary>
    public bool AllowsFile(string fileName, bool isInline)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (isInline && !KeepInlineImages)
        {
            return false;
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return !(BlockedExtensions ?? DefaultBlockedExtensions).Contains(extension, StringComparer.OrdinalIgnoreCase);
    }
}
