using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>
/// Event notifications: streaming subscriptions (Subscribe with StreamingSubscriptionRequest, then
/// GetStreamingEvents: one HTTP response that stays open for up to 30 minutes and carries a SOAP envelope per batch
/// of events; Exchange 2010 SP1 and later) and pull subscriptions (PullSubscriptionRequest, then GetEvents from a
/// watermark; every version). Only events that can mean new mail in the folder are asked for.
/// </summary>
internal sealed partial class EwsClient
{
    private static readonly string[] NewMailEventTypes = ["NewMailEvent", "CreatedEvent", "MovedEvent"];

    /// <summary>Subscribes the folder to streaming notifications; returns the subscription id.</summary>
    /// <exception cref="EwsException">Refused: <see cref="EwsResponseCodes.RefusesStreaming"/> says the server has no streaming.</exception>
    public async Task<string> SubscribeStreamingAsync(EwsFolder folder, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "Subscribe",
            new XElement(M + "StreamingSubscriptionRequest",
                new XElement(T + "FolderIds", folder.ToElement()),
                new XElement(T + "EventTypes", NewMailEventTypes.Select(e => new XElement(T + "EventType", e)))));
        var message = await ExecuteSingleAsync("Subscribe", body, idempotent: true, cancellationToken).ConfigureAwait(false);
        return ((string?)message.Element(M + "SubscriptionId"))?.Trim() is { Length: > 0 } id
            ? id
            : throw Malformed("Subscribe", "the response names no SubscriptionId");
    }

    /// <summary>Subscribes the folder to pull notifications kept for <paramref name="timeoutMinutes"/> without a GetEvents.</summary>
    public async Task<EwsPullSubscription> SubscribePullAsync(EwsFolder folder, int timeoutMinutes, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "Subscribe",
            new XElement(M + "PullSubscriptionRequest",
                new XElement(T + "FolderIds", folder.ToElement()),
                new XElement(T + "EventTypes", NewMailEventTypes.Select(e => new XElement(T + "EventType", e))),
                new XElement(T + "Timeout", timeoutMinutes.ToString(CultureInfo.InvariantCulture))));
        var message = await ExecuteSingleAsync("Subscribe", body, idempotent: true, cancellationToken).ConfigureAwait(false);
        var id = ((string?)message.Element(M + "SubscriptionId"))?.Trim();
        var watermark = ((string?)message.Element(M + "Watermark"))?.Trim();
        return !string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(watermark)
            ? new EwsPullSubscription(id, watermark)
            : throw Malformed("Subscribe", "the response lacks the SubscriptionId or the Watermark of the pull subscription");
    }

    /// <summary>
    /// The events of a pull subscription since its watermark (GetEvents, repeated while the server says MoreEvents).
    /// Returns how many item events came and the subscription with the new watermark.
    /// </summary>
    public async Task<(int Events, EwsPullSubscription Subscription)> GetEventsAsync(EwsPullSubscription subscription, CancellationToken cancellationToken)
    {
        var events = 0;
        while (true)
        {
            var body = new XElement(M + "GetEvents",
                new XElement(M + "SubscriptionId", subscription.Id),
                new XElement(M + "Watermark", subscription.Watermark));
            var message = await ExecuteSingleAsync("GetEvents", body, idempotent: true, cancellationToken).ConfigureAwait(false);
            var notification = message.Element(M + "Notification") ?? throw Malformed("GetEvents", "the response holds no Notification");
            var watermark = subscription.Watermark;
            foreach (var change in notification.Elements().Where(e => e.Name.Namespace == T && e.Name.LocalName.EndsWith("Event", StringComparison.Ordinal)))
            {
                watermark = ((string?)change.Element(T + "Watermark"))?.Trim() is { Length: > 0 } w ? w : watermark;
                if (change.Name.LocalName != "StatusEvent")
                {
                    events++;
                }
            }

            subscription = subscription with { Watermark = watermark };
            if ((bool?)notification.Element(T + "MoreEvents") != true)
            {
                return (events, subscription);
            }
        }
    }

    /// <summary>
    /// GetStreamingEvents for one subscription: yields the number of item events in each envelope as it arrives on
    /// the open response, until the server closes the connection (ConnectionStatus Closed, after
    /// <paramref name="connectionTimeoutMinutes"/>) or the caller stops. Not bound by the request timeout: the
    /// response is meant to stay open; <paramref name="cancellationToken"/> ends it.
    /// </summary>
    /// <exception cref="EwsException">The subscription is refused (ErrorSubscriptionNotFound, ErrorExpiredSubscription, …) or a fault.</exception>
    public async IAsyncEnumerable<int> GetStreamingEventsAsync(string subscriptionId, int connectionTimeoutMinutes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string operation = "GetStreamingEvents";
        var body = new XElement(M + operation,
            new XElement(M + "SubscriptionIds", new XElement(T + "SubscriptionId", subscriptionId)),
            new XElement(M + "ConnectionTimeout", connectionTimeoutMinutes.ToString(CultureInfo.InvariantCulture)));
        using var request = BuildRequest(body, _requestVersion);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw ConnectionFailed(ex, operation);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw AuthenticationFailed(response);
            }

            if (!IsXml(response.Content.Headers.ContentType) || response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.InternalServerError))
            {
                throw NotEws(response, operation);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // Several envelopes follow one another on the one response: XML fragments, not one document.
                using var reader = XmlReader.Create(stream, StreamingReaderSettings);
                while (true)
                {
                    var envelope = await NextEnvelopeAsync(reader, operation, cancellationToken).ConfigureAwait(false);
                    if (envelope is null)
                    {
                        yield break;
                    }

                    var (events, closed) = ReadStreamingEnvelope(envelope, operation);
                    if (events > 0)
                    {
                        yield return events;
                    }

                    if (closed)
                    {
                        yield break;
                    }
                }
            }
        }
    }

    private static readonly XmlReaderSettings StreamingReaderSettings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
        ConformanceLevel = ConformanceLevel.Fragment,
    };

    /// <summary>The next envelope on the stream, whole; null when the response ended.</summary>
    private async Task<XElement?> NextEnvelopeAsync(XmlReader reader, string operation, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (reader.NamespaceURI != EwsNamespaces.Soap.NamespaceName || reader.LocalName != "Envelope")
                    {
                        throw Malformed(operation, $"the stream holds <{reader.LocalName}>, not a SOAP 1.1 envelope");
                    }

                    // Read through a subtree reader: reading the element whole would move the reader on to the
                    // next node, which waits for the next envelope, maybe minutes away.
                    using var envelope = reader.ReadSubtree();
                    var element = await XElement.LoadAsync(envelope, LoadOptions.None, cancellationToken).ConfigureAwait(false);
                    return element;
                }

                if (!await reader.ReadAsync().ConfigureAwait(false))
                {
                    return null;
                }
            }
        }
        catch (XmlException ex)
        {
            throw Malformed(operation, ex.Message, ex);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Malformed(operation, ex.Message, ex);
        }
    }

    /// <summary>The item events of one streamed envelope, and whether the server closes the connection after it.</summary>
    private (int Events, bool Closed) ReadStreamingEnvelope(XElement envelope, string operation)
    {
        if (envelope.Element(EwsNamespaces.Soap + "Header")?.Element(T + "ServerVersionInfo") is { } versionInfo)
        {
            NoteServerVersion(versionInfo);
        }

        var first = envelope.Element(EwsNamespaces.Soap + "Body")?.Elements().FirstOrDefault()
            ?? throw Malformed(operation, "the SOAP body is empty");
        if (first.Name == EwsNamespaces.Soap + "Fault")
        {
            throw EwsErrors.FromFault(first, operation, _requestVersion);
        }

        var events = 0;
        var closed = false;
        foreach (var message in ResponseMessages(first))
        {
            ThrowIfError(message, operation);
            events += message.Element(M + "Notifications")?.Elements(M + "Notification")
                .SelectMany(n => n.Elements())
                .Count(e => e.Name.Namespace == T && e.Name.LocalName.EndsWith("Event", StringComparison.Ordinal) && e.Name.LocalName != "StatusEvent") ?? 0;
            closed |= ((string?)message.Element(M + "ConnectionStatus"))?.Trim() == "Closed";
        }

        return (events, closed);
    }
}
