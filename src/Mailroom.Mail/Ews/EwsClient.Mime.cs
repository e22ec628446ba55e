using System.Xml;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>
/// GetItem with IncludeMimeContent, read as a stream: the base64 MimeContent is decoded straight into a temporary
/// file as it arrives, so a large message is never held in memory, as text or as bytes.
/// </summary>
internal sealed partial class EwsClient
{
    private const int Base64Chunk = 64 * 1024;

    /// <summary>
    /// Downloads one item's MIME. The returned stream reads a temporary file that deletes itself when disposed.
    /// Throws <see cref="EwsException"/> when the item is larger than <see cref="ExchangeOptions.MaxMessageBytes"/>
    /// or the server gives no MIME for it.
    /// </summary>
    public async Task<Stream> GetMimeAsync(EwsItemId item, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "GetItem",
            new XElement(M + "ItemShape",
                new XElement(T + "BaseShape", "IdOnly"),
                new XElement(T + "IncludeMimeContent", "true")),
            new XElement(M + "ItemIds", new XElement(T + "ItemId", new XAttribute("Id", item.Id))));
        return await SendAsync("GetItem", body, idempotent: true, (op, reader, ct) => ReadMimeAsync(op, reader, item.Id, ct), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<Stream> ReadMimeAsync(string operation, XmlReader reader, string itemId, CancellationToken cancellationToken)
    {
        await reader.MoveToContentAsync().ConfigureAwait(false);
        if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != EwsNamespaces.Soap.NamespaceName || reader.LocalName != "Envelope")
        {
            throw Malformed(operation, $"the answer is <{reader.LocalName}>, not a SOAP 1.1 envelope");
        }

        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            var ns = reader.NamespaceURI;
            var name = reader.LocalName;
            if (ns == EwsNamespaces.Types.NamespaceName && name == "ServerVersionInfo")
            {
                NoteServerVersion(new XElement(EwsNamespaces.Types + name,
                    ReadAttributes(reader).Select(a => new XAttribute(a.Key, a.Value))));
            }
            else if (ns == EwsNamespaces.Soap.NamespaceName && name == "Fault")
            {
                var fault = (XElement)await XNode.ReadFromAsync(reader, cancellationToken).ConfigureAwait(false);
                throw EwsErrors.FromFault(fault, operation, _requestVersion);
            }
            else if (ns == EwsNamespaces.Messages.NamespaceName && name.EndsWith("ResponseMessage", StringComparison.Ordinal)
                     && reader.GetAttribute("ResponseClass") == "Error")
            {
                var message = (XElement)await XNode.ReadFromAsync(reader, cancellationToken).ConfigureAwait(false);
                throw EwsErrors.FromResponseMessage(message, operation);
            }
            else if (ns == EwsNamespaces.Types.NamespaceName && name == "MimeContent")
            {
                return await CopyMimeAsync(reader, itemId, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new EwsException($"Exchange returned no MIME content for item {itemId}: the item may not be a mail message.",
            "ErrorMimeContentConversionFailed", null, isTransient: false);
    }

    private async Task<Stream> CopyMimeAsync(XmlReader reader, string itemId, CancellationToken cancellationToken)
    {
        var directory = _options.TempDirectory ?? Path.GetTempPath();
        var path = Path.Combine(directory, $"mailroom-ews-{Guid.NewGuid():N}.eml");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var buffer = new byte[Base64Chunk];
            long total = 0;
            int read;
            while ((read = await reader.ReadElementContentAsBase64Async(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > _options.MaxMessageBytes)
                {
                    throw new EwsException(
                        $"Message {itemId} is larger than the {_options.MaxMessageBytes / (1024 * 1024)} MB limit for downloads; it was not downloaded.",
                        responseCode: null, messageText: null, isTransient: false);
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            // The rest of the envelope is not needed, but it must be well-formed up to here: a cut-off answer was
            // caught by the reader; what follows the MIME carries nothing Mailroom uses.
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Dictionary<string, string> ReadAttributes(XmlReader reader)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI.Length == 0)
                {
                    attributes[reader.LocalName] = reader.Value;
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        return attributes;
    }
}
