using Mailroom.Core.Monitor;
using MimeKit;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// A received message read before its turn in the filing transaction: the bytes it was parsed from (kept open, since
/// a large part's content is read from them when it is imported), the parsed message and what the filer reads of it.
/// </summary>
/// <param name="Raw">The message's bytes, from the check's memory or the ledger's copy; disposed with this.</param>
/// <param name="Message">The parsed message (headers only when <paramref name="TooLarge"/>), or null when it is not MIME.</param>
/// <param name="Facts">What the filer reads of <paramref name="Message"/>; null with it.</param>
/// <param name="TooLarge">Above the size limit: filed from its headers with a note.</param>
/// <param name="Error">Why the bytes are not MIME, when <paramref name="Message"/> is null.</param>
internal sealed record ParsedMessage(Stream Raw, MimeMessage? Message, IncomingMailFacts? Facts, bool TooLarge, string? Error) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Raw.DisposeAsync();
}
