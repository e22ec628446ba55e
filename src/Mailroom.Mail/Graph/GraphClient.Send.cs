using System.Net.Http.Headers;

namespace Mailroom.Mail.Graph;

/// <summary>sendMail with the whole message as MIME, base64, so every header Mailroom wrote reaches the recipient.</summary>
internal sealed partial class GraphClient
{
    /// <summary>POST <c>/sendMail</c>, <c>Content-Type: text/plain</c>, the body the base64 of the MIME; 202 means accepted.</summary>
    public async Task SendMimeAsync(byte[] mime, CancellationToken cancellationToken)
    {
        var base64 = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(mime));
        var call = new Call("send mail", HttpMethod.Post, UserUrl("sendMail"), () =>
        {
            var content = new ByteArrayContent(base64);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            return content;
        }, Idempotent: false);
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
    }
}
