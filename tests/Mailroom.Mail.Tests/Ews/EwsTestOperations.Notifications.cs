using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using static Mailroom.Mail.Tests.Ews.EwsTestXml;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>
/// Notifications of the test EWS server, from the Subscribe, GetEvents and GetStreamingEvents reference pages:
/// streaming subscriptions from Exchange 2010 SP1 on (older servers answer ErrorInvalidServerVersion), pull
/// subscriptions with watermarks, and GetStreamingEvents as one open response carrying an envelope per batch of
/// events, closed with ConnectionStatus Closed after the connection timeout.
/// </summary>
internal sealed partial class EwsTestOperations
{
    private static readonly HashSet<string> EventTypeNames =
    [
        "CopiedEvent", "CreatedEvent", "DeletedEvent", "ModifiedEvent", "MovedEvent", "NewMailEvent", "FreeBusyChangedEvent",
    ];

    private bool HasStreaming(string version) =>
        (Version.Major, Version.Minor) is ( > 14, _) or (14, >= 1)
        && version is not ("Exchange2007" or "Exchange2007_SP1" or "Exchange2010");

    private XElement Subscribe(XElement body, string version)
    {
        var request = body.Elements().SingleOrDefault();
        Require(request is not null, "Subscribe takes one PullSubscriptionRequest, PushSubscriptionRequest or StreamingSubscriptionRequest.");
        var streaming = request!.Name == M + "StreamingSubscriptionRequest";
        Require(streaming || request.Name == M + "PullSubscriptionRequest", $"This server does not implement '{request.Name.LocalName}'.");
        if (streaming)
        {
            if (!HasStreaming(version))
            {
                throw new VersionRefused("The specified server version is invalid.");
            }

            Order(request, T + "FolderIds", T + "EventTypes");
        }
        else
        {
            Order(request, T + "FolderIds", T + "EventTypes", T + "Watermark", T + "Timeout");
            Require(int.TryParse((string?)request.Element(T + "Timeout"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= 1440,
                "A pull subscription needs a Timeout of 1 to 1440 minutes.");
        }

        var types = request.Element(T + "EventTypes")?.Elements(T + "EventType").Select(e => e.Value.Trim()).ToList() ?? [];
        Require(types.Count > 0 && types.All(EventTypeNames.Contains), "EventTypes must name at least one valid EventType.");
        var folderIds = FolderIds(request.Element(T + "FolderIds")).ToList();
        var folder = Mailbox.Folder(folderIds.Single());
        if (folder is null)
        {
            return Response("Subscribe", Error("Subscribe", "ErrorFolderNotFound", "The specified folder could not be found in the store."));
        }

        var subscription = Mailbox.Subscribe(folder, types, streaming);
        return Response("Subscribe", Success("Subscribe",
            new XElement(M + "SubscriptionId", subscription.Id),
            streaming ? Array.Empty<object>() : new XElement(M + "Watermark", WatermarkText(subscription.Watermark))));
    }

    private XElement GetEvents(XElement body)
    {
        Order(body, M + "SubscriptionId", M + "Watermark");
        var id = (string?)body.Element(M + "SubscriptionId");
        var watermarkText = (string?)body.Element(M + "Watermark");
        Require(!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(watermarkText), "GetEvents needs SubscriptionId and Watermark.");
        var subscription = Mailbox.Subscription(id!);
        if (subscription is null || subscription.Streaming)
        {
            return Response("GetEvents", Error("GetEvents", "ErrorSubscriptionNotFound", "The specified subscription was not found."));
        }

        var events = ParseWatermark(watermarkText!) is { } watermark ? subscription.After(watermark) : null;
        if (events is null)
        {
            return Response("GetEvents", Error("GetEvents", "ErrorInvalidWatermark", "The watermark used for creating this subscription is invalid."));
        }

        XElement[] changes = events.Count == 0
            ? [new XElement(T + "StatusEvent", new XElement(T + "Watermark", WatermarkText(subscription.Watermark)))]
            : [.. events.Select(e => EventElement(e, withWatermark: true))];
        return Response("GetEvents", Success("GetEvents",
            new XElement(M + "Notification",
                new XElement(T + "SubscriptionId", subscription.Id),
                new XElement(T + "PreviousWatermark", watermarkText),
                new XElement(T + "MoreEvents", "false"),
                changes)));
    }

    private (XDocument Document, Func<HttpResponse, CancellationToken, Task>? Stream) GetStreamingEvents(XElement body, string version)
    {
        if (!HasStreaming(version))
        {
            throw new VersionRefused("The specified server version is invalid.");
        }

        Order(body, M + "SubscriptionIds", M + "ConnectionTimeout");
        var ids = body.Element(M + "SubscriptionIds")?.Elements(T + "SubscriptionId").Select(e => e.Value.Trim()).ToList() ?? [];
        Require(ids.Count == 1, "This server streams one SubscriptionId per connection.");
        Require(int.TryParse((string?)body.Element(M + "ConnectionTimeout"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= 30,
            "ConnectionTimeout must be 1 to 30 minutes.");
        var subscription = Mailbox.Subscription(ids[0]);
        if (subscription is null || !subscription.Streaming)
        {
            return (Envelope(Version, StreamingError("ErrorSubscriptionNotFound", "The specified subscription was not found.")), null);
        }

        return (new XDocument(), (response, aborted) => StreamAsync(response, subscription, TimeSpan.FromMinutes(minutes) * ConnectionTimeoutScale, aborted));
    }

    /// <summary>How long a minute of ConnectionTimeout lasts here: tests shorten it to see the server close the connection.</summary>
    public double ConnectionTimeoutScale { get; set; } = 1;

    private async Task StreamAsync(HttpResponse response, TestSubscription subscription, TimeSpan connectionTimeout, CancellationToken aborted)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/xml; charset=utf-8";
        using var closing = new CancellationTokenSource(connectionTimeout);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, closing.Token);
        try
        {
            while (true)
            {
                var (events, changed) = subscription.TakeStreamed();
                if (subscription.Expired)
                {
                    await WriteAsync(response, StreamingError("ErrorExpiredSubscription", "The subscription has expired."), aborted);
                    return;
                }

                if (events.Count > 0)
                {
                    await WriteAsync(response, StreamingMessage(subscription.Id, events, closed: false), aborted);
                }

                await changed.WaitAsync(either.Token);
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            await WriteAsync(response, StreamingMessage(subscription.Id, [], closed: true), aborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away.
        }
    }

    /// <summary>One envelope on the open response, flushed at once, without an XML declaration between envelopes.</summary>
    private async Task WriteAsync(HttpResponse response, XElement body, CancellationToken aborted)
    {
        var envelope = Envelope(Version, body).Root!;
        var text = envelope.ToString(SaveOptions.DisableFormatting);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), aborted);
        await response.Body.FlushAsync(aborted);
    }

    private static XElement StreamingMessage(string subscriptionId, IReadOnlyList<TestEvent> events, bool closed) =>
        Response("GetStreamingEvents", Success("GetStreamingEvents",
            events.Count == 0 ? Array.Empty<object>() : new XElement(M + "Notifications",
                new XElement(M + "Notification",
                    new XElement(T + "SubscriptionId", subscriptionId),
                    events.Select(e => EventElement(e, withWatermark: false)))),
            new XElement(M + "ConnectionStatus", closed ? "Closed" : "OK")));

    private static XElement StreamingError(string code, string text) =>
        Response("GetStreamingEvents", Error("GetStreamingEvents", code, text, null, new XElement(M + "ConnectionStatus", "Closed")));

    private static XElement EventElement(TestEvent change, bool withWatermark) =>
        new(T + change.Type,
            withWatermark ? new XElement(T + "Watermark", WatermarkText(change.Watermark)) : null,
            new XElement(T + "TimeStamp", change.TimeStamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            new XElement(T + "ItemId", new XAttribute("Id", change.ItemId), new XAttribute("ChangeKey", "CQAAAA==")),
            new XElement(T + "ParentFolderId", new XAttribute("Id", change.ParentFolderId), new XAttribute("ChangeKey", "AQAAAA==")));

    private static string WatermarkText(long watermark) => Convert.ToBase64String(BitConverter.GetBytes(watermark));

    private static long? ParseWatermark(string text)
    {
        try
        {
            var bytes = Convert.FromBase64String(text);
            return bytes.Length == 8 ? BitConverter.ToInt64(bytes) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
