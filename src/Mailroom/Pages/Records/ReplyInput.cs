namespace Mailroom.Pages.Records;

/// <summary>The reply form as posted: only these fields are bound.</summary>
public sealed class ReplyInput
{
    public string? Account { get; set; }

    public string? From { get; set; }

    /// <summary>Addresses separated by commas or semicolons.</summary>
    public string? To { get; set; }

    public string? Cc { get; set; }

    public string? Subject { get; set; }

    public string? Body { get; set; }

    /// <summary>The journal entry answered (In-Reply-To and References follow from it).</summary>
    public long? InReplyTo { get; set; }

    public List<IFormFile> Attachments { get; set; } = [];
}
