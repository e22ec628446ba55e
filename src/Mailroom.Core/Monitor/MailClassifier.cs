namespace Mailroom.Core.Monitor;

/// <summary>
/// Tells bounces, automatic replies and Mailroom's own returning mail from mail written by people, from headers,
/// sender, subject and MIME structure (RFC 3464 delivery reports, RFC 3834 Auto-Submitted, the de-facto
/// X-Autoreply/Precedence headers, vacation subjects in several languages).
/// </summary>
public sealed class MailClassifier
{
    private static readonly string[] BounceSenders =
        ["mailer-daemon", "postmaster", "post_master", "mail-daemon", "maildaemon", "mailer_daemon", "mail delivery"];

    /// <summary>Phrases only delivery reports contain (RFC 3464 fields and the fixed texts of common MTAs).</summary>
    private static readonly string[] BounceBodyMarkers =
    [
        "Diagnostic-Code:", "Final-Recipient:", "Original-Recipient:", "\"notificationType\":\"Bounce\"",
        "\"notificationType\": \"Bounce\"", "mail delivery software", "could not be delivered to one or more",
        "Delivery to the following recipient", "The following address(es) failed", "permanent fatal error",
        "Delivery has failed to these recipients", "This is the mail system at host", "I'm afraid I wasn't able to deliver",
        "message could not be delivered", "was not delivered to", "Unable to deliver message",
        "Your message did not reach some or all of the intended recipients", "could not deliver your message",
        "Sorry, we were unable to deliver your message", "The original message was received at",
        "undeliverable to the following", "Message delivery to the following", "This is a permanent error",
        "Remote host said:", "Hi. This is the qmail-send program", "bounceType", "Could not be delivered to",
        "\"notificationType\"", "\\\"notificationType\\\"",
        "送信できませんでした",
    ];

    private static readonly string[] BounceSubjects =
    [
        "undelivered mail", "undeliverable", "undelivered", "delivery status notification", "delivery failure",
        "delivery has failed", "delivery failed", "mail delivery failed", "returned mail", "failure notice",
        "mail system error", "nondeliverable", "non-deliverable", "non-delivery", "non remis", "unzustellbar",
        "could not send message", "message not delivered", "mail delivery failure", "delivery notification",
        "delivery problem", "returned to sender", "rejected:", "nicht zustellbar", "no se puede entregar",
        "mail could not be delivered", "message delivery failure", "permanent failure", "mensaje no entregado",
        "notice of delivery failure", "delayed mail", "delivery report", "warning: message", "are not member",
        "complaint about message", "loop alert", "メールエラー", "配信エラー",
    ];

    private static readonly string[] AutoReplySubjects =
    [
        "out of office", "out of the office", "automatic reply", "auto reply", "autoreply", "auto-reply", "auto:",
        "auto response", "autoresponse", "automatische antwort", "abwesenheitsnotiz", "abwesenheit", "réponse automatique",
        "absence", "respuesta automática", "fuera de la oficina", "risposta automatica", "fuori ufficio",
        "automatisch antwoord", "afwezig", "autosvar", "automatisk svar", "frånvaro", "poza biurem",
        "odpowiedź automatyczna", "автоответ", "автоматический ответ", "vacation", "on vacation", "on leave",
        "i am away", "i'm away", "away from my desk", "am out of the office",
    ];

    private readonly MailClassifierOptions _options;

    public MailClassifier(MailClassifierOptions? options = null)
    {
        _options = options ?? new MailClassifierOptions();
    }

    /// <summary>Classifies one message. Never throws for missing or odd headers.</summary>
    public MailClassification Classify(IncomingMailFacts mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        // Bounce signs come before auto-reply headers: Exim and others mark their bounces Auto-Submitted too.
        return IsLoop(mail) ?? IsStrongBounce(mail) ?? IsWeakBounce(mail) ?? IsAutoReply(mail)
            ?? new MailClassification(MailKind.Normal, "written by a person");
    }

    private MailClassification? IsLoop(IncomingMailFacts mail)
    {
        var marker = mail.Header(Conversations.MailroomHeaders.Loop);
        if (marker is not null
            && (_options.InstallationPrefix is null
                || string.Equals(marker.Trim(), _options.InstallationPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            return new MailClassification(MailKind.Loop, $"{Conversations.MailroomHeaders.Loop}: {marker.Trim()}");
        }

        if (_options.MessageIdDomain is { Length: > 0 } domain && mail.MessageId is { } id
            && id.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))
        {
            return new MailClassification(MailKind.Loop, $"Message-ID on this installation's domain ({domain})");
        }

        return null;
    }

    private static MailClassification? IsStrongBounce(IncomingMailFacts mail)
    {
        string? reason = null;
        if (mail.TopContentType == "multipart/report"
            && mail.ReportType is "delivery-status" or "global-delivery-status" or "feedback-report")
        {
            // feedback-report (ARF, RFC 5965): a provider reporting our mail as abuse; it goes on the record like a bounce.
            reason = $"multipart/report; report-type={mail.ReportType}";
        }
        else if (mail.HasDeliveryStatus)
        {
            reason = "a message/delivery-status part";
        }
        else if (mail.Header("X-Failed-Recipients") is not null)
        {
            reason = "X-Failed-Recipients header";
        }

        return reason is null ? null : Bounce(mail, reason);
    }

    private static MailClassification? IsWeakBounce(IncomingMailFacts mail)
    {
        // The raw From too: "MAILER-DAEMON <>" has no address to parse.
        var from = (mail.From?.ToString() ?? string.Empty) + " " + (mail.Header("From") ?? string.Empty);
        var sender = BounceSenders.FirstOrDefault(s => from.Contains(s, StringComparison.OrdinalIgnoreCase));
        if (sender is not null)
        {
            return Bounce(mail, $"sent by {from.Trim()}");
        }

        var subject = mail.Subject;
        if (BounceSubjects.Any(s => subject.Contains(s, StringComparison.OrdinalIgnoreCase)))
        {
            return Bounce(mail, $"bounce subject \"{subject}\"");
        }

        // Only the start of the body: a report states its failure first; a person may quote one further down.
        var body = mail.Body;
        var head = body.Length > 8000 ? body[..8000] : body;
        var marker = BounceBodyMarkers.FirstOrDefault(m => head.Contains(m, StringComparison.OrdinalIgnoreCase));
        return marker is null ? null : Bounce(mail, $"delivery report text \"{marker}\"");
    }

    private static MailClassification Bounce(IncomingMailFacts mail, string reason) =>
        new(MailKind.Bounce, reason, mail.ReturnedMessageId ?? mail.InReplyTo ?? mail.References.LastOrDefault());

    private static MailClassification? IsAutoReply(IncomingMailFacts mail)
    {
        var autoSubmitted = mail.Header("Auto-Submitted")?.Trim();
        if (autoSubmitted is { Length: > 0 } && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return new(MailKind.AutoReply, $"Auto-Submitted: {autoSubmitted}");
        }

        foreach (var name in new[] { "X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-AutoReply-From", "X-Mail-Autoreply" })
        {
            if (mail.Header(name) is { } value)
            {
                return new(MailKind.AutoReply, $"{name}: {value.Trim()}");
            }
        }

        if (mail.Header("X-Autogenerated") is { } generated
            && generated.Contains("reply", StringComparison.OrdinalIgnoreCase))
        {
            return new(MailKind.AutoReply, $"X-Autogenerated: {generated.Trim()}");
        }

        var precedence = mail.Header("Precedence")?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "list" or "auto_reply")
        {
            return new(MailKind.AutoReply, $"Precedence: {precedence}");
        }

        var subject = mail.Subject.TrimStart();
        var hit = AutoReplySubjects.FirstOrDefault(s => subject.StartsWith(s, StringComparison.OrdinalIgnoreCase)
            || subject.Contains(": " + s, StringComparison.OrdinalIgnoreCase)
            || subject.Contains(s + ":", StringComparison.OrdinalIgnoreCase));
        return hit is null ? null : new(MailKind.AutoReply, $"vacation subject \"{mail.Subject}\"");
    }
}
