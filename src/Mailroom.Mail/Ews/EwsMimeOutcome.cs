namespace Mailroom.Mail.Ews;

/// <summary>One item of a many-id GetItem with its MIME: the MIME, or why there is none.</summary>
/// <param name="Item">The item asked for.</param>
/// <param name="Content">The MIME in a temporary file that deletes itself when disposed; null with <paramref name="Error"/>.</param>
/// <param name="Error">Exchange's refusal, or the download limit; null when the MIME came.</param>
internal sealed record EwsMimeOutcome(EwsItemId Item, Stream? Content, EwsException? Error);
