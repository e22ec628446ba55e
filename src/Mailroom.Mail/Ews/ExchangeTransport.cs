using System.Xml;
using MimeKit;
using MimeKit.Utils;

namespace Mailroom.Mail.Ews;

/// <summary>
/// Sends through Exchange: CreateItem with SendAndSaveCopy and the whole message as MIME, so the Conversation ID,
/// Message-ID, References and every other header reach the recipient as composed, and a copy lands in Sent Items.
/// </summary>
internal sealed class ExchangeTransport(EwsClient client) : IOutgoingTransport
{
    internal EwsClient Client => client;

    public async Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.MessageId))
        {
            // CreateItem returns no id for a sent message: our own Message-ID is what identifies it later.
            message.MessageId = MimeUtils.GenerateMessageId();
        }

        var bcc = message.Bcc.Mailboxes.Select(m => m.Address).ToList();
        var format = FormatOptions.Default.Clone();
        format.HiddenHeaders.Add(HeaderId.Bcc);
        byte[] mime;
        using (var buffer = new MemoryStream())
        {
            await message.WriteToAsync(format, buffer, cancellationToken).ConfigureAwait(false);
            mime = buffer.ToArray();
        }

        try
        {
            await client.SendMimeAsync(mime, bcc, cancellationToken).ConfigureAwait(false);
            return SendOutcome.AllAccepted;
        }
        catch (EwsException ex)
        {
            throw new MailSendException(ex.Message, ex.IsTransient, ServerReply(ex), inner: ex);
        }
        catch (MailConnectionException ex)
        {
            // A timeout or an answer cut off after the request went out may mean Exchange sent the message:
            // the retry must carry the same Message-ID.
            var maybeAccepted = ex.Kind == MailFailureKind.TimedOut
                || (ex.Kind == MailFailureKind.ProtocolError && ex.InnerException is IOException or XmlException or HttpRequestException);
            throw new MailSendException(ex.Message, ex.IsTransient || maybeAccepted, ex.ServerReply, maybeAccepted, ex);
        }
    }

    private static string? ServerReply(EwsException ex) =>
        ex.ResponseCode is null ? ex.MessageText : $"{ex.ResponseCode}: {ex.MessageText}";

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
