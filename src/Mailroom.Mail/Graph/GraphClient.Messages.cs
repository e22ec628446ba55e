using System.Net.Http.Headers;
using System.Text.Json;

namespace Mailroom.Mail.Graph;

/// <summary>Messages: one delta page, a message's MIME, and a <c>$batch</c> of up to 20 sub-requests.</summary>
internal sealed partial class GraphClient
{
    /// <summary>Graph takes at most 20 requests in one <c>$batch</c>.</summary>
    public const int MaxBatch = 20;

    /// <summary>The first delta request of a folder: only the properties the monitor needs.</summary>
    public Uri InitialDeltaUrl(string folderId) =>
        UserUrl($"mailFolders/{Escape(folderId)}/messages/delta?$select=id,internetMessageId,isRead,receivedDateTime");

    /// <summary>One delta page at <paramref name="url"/> (the first request, or a next or delta link as Graph gave it).</summary>
    /// <exception cref="GraphException">Refused; <see cref="GraphErrors.IsDeltaReset"/> tells an expired delta link.</exception>
    public async Task<GraphDeltaPage> DeltaPageAsync(Uri url, string folderName, CancellationToken cancellationToken)
    {
        var call = new Call($"list {folderName}", HttpMethod.Get, url, PageSize: _options.PageSize);
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, GraphJson.Default.GraphDeltaPage, call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// GET <c>/messages/{id}/$value</c>: the message's MIME as a stream read from the network as it goes. Disposing
    /// the stream ends the response.
    /// </summary>
    public async Task<Stream> OpenMimeAsync(string messageId, CancellationToken cancellationToken)
    {
        var call = new Call($"download message {messageId}", HttpMethod.Get, UserUrl($"messages/{Escape(messageId)}/$value"));
        var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ResponseStream(stream, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// POST <c>/v1.0/$batch</c> with up to 20 sub-requests; each sub-request carries the immutable-id preference.
    /// Returns every sub-response by id (a 200 batch says nothing of its members).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, GraphBatchResult>> BatchAsync(IReadOnlyList<GraphBatchItem> items, string operation, CancellationToken cancellationToken)
    {
        if (items.Count is 0 or > MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(items), items.Count, $"A Graph $batch holds 1 to {MaxBatch} requests.");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new GraphBatchRequest(items), GraphJson.Default.GraphBatchRequest);
        var call = new Call(operation, HttpMethod.Post, new Uri(Root, "v1.0/$batch"), () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        });
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        var result = await ReadAsync(response, GraphJson.Default.GraphBatchResponse, call, cancellationToken).ConfigureAwait(false);
        var byId = new Dictionary<string, GraphBatchResult>(StringComparer.OrdinalIgnoreCase);
        foreach (var sub in result.Responses ?? [])
        {
            if (sub.Id is not null)
            {
                byId[sub.Id] = sub;
            }
        }

        return byId;
    }

    /// <summary>The headers every sub-request carries; with a body, its content type too.</summary>
    public static IReadOnlyDictionary<string, string> BatchHeaders(bool hasBody) => hasBody
        ? new Dictionary<string, string> { ["Prefer"] = ImmutableIdPreference, ["Content-Type"] = "application/json" }
        : new Dictionary<string, string> { ["Prefer"] = ImmutableIdPreference };

    /// <summary>A response body that ends its response when disposed.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
