using MailKit.Net.Smtp;
using Mailroom.Mail.Connections;

namespace Mailroom.Mail.Smtp;

/// <summary>Builds the <see cref="MailSendException"/> for each way a send fails, temporary or permanent.</summary>
internal static class SmtpFailures
{
    public static MailSendException Refused(MailEndpoint endpoint, SmtpCommandException e, IReadOnlyList<RejectedRecipient> rejected)
    {
        var code = (int)e.StatusCode;
        var words = $"{code} {MailErrors.FirstLine(e.Message)}";
        switch (e.ErrorCode)
        {
            case SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted when rejected.Count > 0:
                // Every recipient was refused: retry only if every refusal was temporary.
                var list = string.Join("; ", rejected.Select(r => $"{r.Address}: {r.ServerReply}"));
                return new MailSendException($"{endpoint}: every recipient was refused: {list}", rejected.All(r => r.IsTransient), list, inner: e);
            case SmtpErrorCode.SenderNotAccepted:
                return new MailSendException($"{endpoint}: the sender {e.Mailbox?.Address} was refused: {words}. Check the account's From addresses and that the user may send as them.", IsTransient(code), words, inner: e);
            default:
                return new MailSendException($"{endpoint}: the message was refused: {words}", IsTransient(code), words, inner: e);
        }
    }

    /// <summary>A lost or timed-out connection is always worth another try; the message may have arrived if DATA went out whole.</summary>
    public static MailSendException ConnectionLost(MailEndpoint endpoint, Exception e, bool allDataSent) =>
        new(allDataSent
                ? $"{endpoint}: the connection was lost after the message was sent, before the server confirmed it ({MailErrors.FirstLine(e.Message)}); it may have been delivered."
                : $"{endpoint}: the connection was lost while sending ({MailErrors.FirstLine(e.Message)}).",
            isTransient: true, maybeAccepted: allDataSent, inner: e);

    /// <summary>
    /// No connection at all: a server that is down, unreachable or slow is temporary; a refused sign-in, an untrusted
    /// certificate or a wrong port needs an administrator, so retrying the message cannot help.
    /// </summary>
    public static MailSendException CannotConnect(MailConnectionException e) =>
        new(e.Message, e.IsTransient, e.ServerReply, inner: e);

    private static bool IsTransient(int code) => code is >= 400 and < 500;
}
