using Mailroom.Core.Records;
using MimeKit;

namespace Mailroom.Mail.Composing;

/// <summary>
/// A built message: the MIME message, its exact bytes (what is stored and sent on every try), and the fields its
/// Mail History entry keeps.
/// </summary>
public sealed record ComposedMail(MimeMessage Message, byte[] Raw, MailHistory History, IReadOnlyList<NewAttachment> Attachments);
