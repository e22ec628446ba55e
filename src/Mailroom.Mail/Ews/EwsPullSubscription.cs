namespace Mailroom.Mail.Ews;

/// <summary>A pull subscription: its id and the watermark the next GetEvents starts from.</summary>
internal sealed record EwsPullSubscription(string Id, string Watermark);
