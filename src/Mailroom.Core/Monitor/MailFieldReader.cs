namespace Mailroom.Core.Monitor;

/// <summary>Reads a <see cref="MailField"/> of a message as text, the same way for skip rules and conditions.</summary>
internal static class MailFieldReader
{
    public static string Read(IncomingMailFacts mail, MailField field) => field switch
    {
        MailField.From => mail.From?.ToString() ?? string.Empty,
        MailField.FromName => mail.From?.DisplayName ?? string.Empty,
        MailField.FromAddress => mail.From?.Address ?? string.Empty,
        MailField.To => string.Join(", ", mail.To),
        MailField.Cc => string.Join(", ", mail.Cc),
        MailField.Subject => mail.Subject,
        MailField.Body => mail.Body,
        MailField.SubjectAndBody => mail.Subject + "\n" + mail.Body,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown mail field."),
    };
}
