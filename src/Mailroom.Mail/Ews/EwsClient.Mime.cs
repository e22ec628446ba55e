using System.Xml;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>
/// GetItem with IncludeMimeContent for many items, read as a stream: each item's base64 MimeContent is decoded
/// straight into a temporary file of its own as it arrives, so a large message is never held in memory, as text or
/// as bytes, however many the response holds.
/// </summary>
internal sealed partial class EwsClient
{
    private const int Base64Chunk = 64 * 1024;

    /// <summary>
    /// Downloads many items' MIME with one GetItem (one response message per id, in order). Each outcome holds a
    /// stream over a temporary file that deletes itself when disposed (the caller disposes every one), or the
    /// item's error: Exchange's (ErrorItemNotFound, ErrorMimeContentConversionFailed, …), Mailroom's download limit
    /// (<see cref="ExchangeOptions.MaxMessageBytes"/>), or no MIME in the answer. Items of class Warning (the batch
    /// stopped before them) are asked for again in a request of their own while requests get something done.
    /// </summary>
    public async Task<IReadOnlyList<EwsMimeOutcome>> GetMimeAsync(IReadOnlyList<EwsItemId> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var outcomes = new EwsMimeOutcome[items.Count];
        var pending = Enumerable.Range(0, items.Count).ToList();
        try
        {
            while (pending.Count > 0)
            {
                var ids = pending.Select(i => items[i]).ToList();
                var body = new XElement(M + "GetItem",
                    new XElement(M + "ItemShape",
                        new XElement(T + "BaseShape", "IdOnly"),
                        new XElement(T + "IncludeMimeContent", "true")),
                    new XElement(M + "ItemIds", ids.Select(i => new XElement(T + "ItemId", new XAttribute("Id", i.Id)))));
                var answered = await SendAsync("GetItem", body, idempotent: true, (op, reader, ct) => ReadMimeAsync(op, reader, ids, ct), cancellationToken)
                    .ConfigureAwait(false);
                var stopped = new List<int>();
                for (var k = 0; k < answered.Count; k++)
                {
                    outcomes[pending[k]] = answered[k].Outcome;
                    if (answered[k].Stopped)
                    {
                        stopped.Add(pending[k]);
                    }
                }

                if (stopped.Count == pending.Count)
                {
                    break;
                }

                if (stopped.Count > 0)
                {
                    _logger.BatchStopped("GetItem", Endpoint, pending.Count - stopped.Count, stopped.Count);
                }

                pending = stopped;
            }

            return outcomes;
        }
        catch
        {
            foreach (var outcome in outcomes)
            {
                outcome?.Content?.Dispose();
            }

            throw;
        }
    }

    /// <summary>Reads a GetItem response: one outcome per response message, in order; a fault or a throttled item throws.</summary>
    private async Task<IReadOnlyList<(EwsMimeOutcome Outcome, bool Stopped)>> ReadMimeAsync(string operation, XmlReader reader, IReadOnlyList<EwsItemId> ids, CancellationToken cancellationToken)
    {
        var answered = new List<(EwsMimeOutcome Outcome, bool Stopped)>();
        try
        {
            await reader.MoveToContentAsync().ConfigureAwait(false);
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != EwsNamespaces.Soap.NamespaceName || reader.LocalName != "Envelope")
            {
                throw Malformed(operation, $"the answer is <{reader.LocalName}>, not a SOAP 1.1 envelope");
            }

            // Reading an element whole leaves the reader on the node after it, which must not be skipped.
            var advance = true;
            while (!advance || await reader.ReadAsync().ConfigureAwait(false))
            {
                advance = true;
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
                else if (ns == EwsNamespaces.Messages.NamespaceName && name.EndsWith("ResponseMessage", StringComparison.Ordinal))
                {
                    if (answered.Count >= ids.Count)
                    {
                        throw Malformed(operation, $"the response holds more response messages than the {ids.Count} items asked for");
                    }

                    var item = ids[answered.Count];
                    var responseClass = reader.GetAttribute("ResponseClass");
                    if (responseClass is "Error" or "Warning")
                    {
                        var message = (XElement)await XNode.ReadFromAsync(reader, cancellationToken).ConfigureAwait(false);
                        advance = false;
                        var error = EwsErrors.FromResponseMessage(message, operation);
                        if (error.ResponseCode == EwsResponseCodes.ServerBusy)
                        {
                            throw error; // the whole request is tried again after the back-off
                        }

                        answered.Add((new EwsMimeOutcome(item, null, error), responseClass == "Warning"));
                    }
                    else
                    {
                        answered.Add((await ReadMimeMessageAsync(reader, item, cancellationToken).ConfigureAwait(false), false));
                    }
                }
            }

            if (answered.Count != ids.Count)
            {
                throw Malformed(operation, $"the response holds {answered.Count} response messages for {ids.Count} items");
            }

            return answered;
        }
        catch
        {
            foreach (var (outcome, _) in answered)
            {
                outcome.Content?.Dispose();
            }

            throw;
        }
    }

    /// <summary>Reads one successful response message, the reader on its start, up to its end: the MIME into a file.</summary>
    private async Task<EwsMimeOutcome> ReadMimeMessageAsync(XmlReader reader, EwsItemId item, CancellationToken cancellationToken)
    {
        var depth = reader.Depth;
        if (reader.IsEmptyElement)
        {
            return NoMime(item);
        }

        EwsMimeOutcome? outcome = null;
        var advance = true;
        try
        {
            while (!advance || await reader.ReadAsync().ConfigureAwait(false))
            {
                advance = true;
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
                {
                    return outcome ?? NoMime(item);
                }

                if (reader.NodeType == XmlNodeType.Element && outcome is null
                    && reader.NamespaceURI == EwsNamespaces.Types.NamespaceName && reader.LocalName == "MimeContent")
                {
                    outcome = await CopyMimeAsync(reader, item, cancellationToken).ConfigureAwait(false);
                    advance = false;
                }
            }
        }
        catch
        {
            outcome?.Content?.Dispose();
            throw;
        }

        outcome?.Content?.Dispose();
        throw new XmlException("The response ended inside a response message.");
    }

    private static EwsMimeOutcome NoMime(EwsItemId item) =>
        new(item, null, new EwsException($"Exchange returned no MIME content for item {item.Id}: the item may not be a mail message.",
            EwsResponseCodes.MimeContentConversionFailed, null, isTransient: false));

    /// <summary>Decodes the MimeContent element into a temporary file; over the download limit, reads past it and says so.</summary>
    private async Task<EwsMimeOutcome> CopyMimeAsync(XmlReader reader, EwsItemId item, CancellationToken cancellationToken)
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
                if (total <= _options.MaxMessageBytes)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            if (total > _options.MaxMessageBytes)
            {
                await file.DisposeAsync().ConfigureAwait(false);
                return new EwsMimeOutcome(item, null, new EwsException(
                    $"Message {item.Id} is larger than the {_options.MaxMessageBytes / (1024 * 1024)} MB limit for downloads; it was not downloaded.",
                    responseCode: null, messageText: null, isTransient: false));
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return new EwsMimeOutcome(item, file, null);
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
