namespace Mailroom.Core.Monitor;

/// <summary>The part of a message a skip rule or a condition looks at.</summary>
public enum MailField
{
    /// <summary>The sender as written: display name and address ("Jane Doe &lt;jane@example.com&gt;").</summary>
    From,

    /// <summary>The sender's display name only.</summary>
    FromName,

    /// <summary>The sender's address only.</summary>
    FromAddress,

    /// <summary>Every To recipient, comma-separated as "Name &lt;address&gt;".</summary>
    To,

    /// <summary>Every Cc recipient, comma-separated.</summary>
    Cc,

    Subject,

    /// <summary>The text body (or the HTML body as text when there is no text body).</summary>
    Body,

    /// <summary>The subject, a line break, then the body.</summary>
    SubjectAndBody,
}
