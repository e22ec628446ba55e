using System.ComponentModel.DataAnnotations;

namespace Mailroom.Core.Sending;

/// <summary>Limits and names for mail the desk sends (configuration section <c>Mailroom:Sending</c>).</summary>
public sealed record SendingOptions
{
    public const string Section = "Mailroom:Sending";

    /// <summary>
    /// The largest text plus HTML body accepted, in bytes. Default 10 MB: far beyond any message a person writes, and
    /// well inside what mail servers take (Postfix's default message limit is 10 240 000 bytes).
    /// </summary>
    [Range(1024, int.MaxValue)]
    public int MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// The largest total of attachments, in bytes. Default 25 MB, what the large providers accept; base64 makes the
    /// message a third larger again.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxAttachmentBytes { get; init; } = 25 * 1024 * 1024;

    /// <summary>
    /// The right-hand side of every Message-ID Mailroom generates. Default <c>mailroom.local</c>: a name no customer
    /// sends from, so the monitor can tell its own Message-IDs (and loops) from anyone else's. Set it to a domain
    /// of your own (e.g. <c>desk.example.com</c>) if your spam filter scores unknown Message-ID domains.
    /// </summary>
    [Required]
    public string MessageIdDomain { get; init; } = "mailroom.local";
}
