using MimeKit;
using MimeKit.Utils;

namespace Mailroom.Mail.Graph;

/// <summary>
/// Sends through Microsoft Graph: <c>POST /users/{mailbox}/sendMail</c> with the whole message as base64 MIME, so
/// the Conversation ID, Message-ID, In-Reply-To, References and Thread-Index reach the recipient as Mailroom wrote
/// them; Exchange keeps a copy in Sent Items. 202 means Exchange accepted the message for delivery.
/// </summary>
internal sealed class GraphTransport(GraphClient client) : IOutgoingTransport
{
    internal GraphClient Client => client;

    /// <exception cref="MailSendException">Not accepted: <see cref="MailSendException.IsTransient"/> says whether to retry.</exception>
    public async Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.MessageId))
        {
            // sendMail returns no id: our own Message-ID is what identifies the message later.
            message.MessageId = MimeUtils.GenerateMessageId();
        }

        byte[] mime;
        using (var buffer = new MemoryStream())
        {
            // Bcc stays in the MIME: Exchange takes the recipients from the headers and does not pass Bcc on.
            await message.WriteToAsync(FormatOptions.Default, buffer, cancellationToken).ConfigureAwait(false);
            mime = buffer.ToArray();
        }

        try
        {
            await client.SendMimeAsync(mime, cancellationToken).ConfigureAwait(false);
            return SendOutcome.AllAccepted;
        }
        catch (GraphException ex)
        {
            // A 4xx: Graph looked at the message and will not send it (bad MIME, Send As denied, too large).
            throw new MailSendException(ex.Message, ex.IsTransient, ex.Reply, inner: ex);
        }
        catch (MailConnectionException ex)
        {
            // A timeout or a broken answer after the request went out may mean Exchange took the message:
            // the retry must carry the same Message-ID.
            var maybeAccepted = ex.Kind == MailFailureKind.TimedOut
                || (ex.Kind == MailFailureKind.ProtocolError && ex.InnerException is IOException or HttpRequestException);
            var transient = ex.IsTransient || maybeAccepted || ex.Kind == MailFailureKind.AuthenticationFailed;
            throw new MailSendException(ex.Message, transient, ex.ServerReply, maybeAccepted, ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
