using MimeKit;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Whom a message is from, for opening a record and for the per-sender limit: the From address; when From has none
/// (<c>"Name" &lt;&gt;</c>, common in bulk mail), the Reply-To address, then the Sender address; when MimeKit cannot
/// parse From at all (<c>Test test@example.com</c>, an address with spaces), what its raw text names. Lower-case, or null.
/// </summary>
internal static class MessageSender
{
    public static string? Of(MimeMessage message)
    {
        foreach (var list in new[] { message.From, message.ReplyTo })
        {
            if (list.Mailboxes.Select(m => m.Address?.Trim()).FirstOrDefault(a => a is { Length: > 0 } && a.Contains('@', StringComparison.Ordinal)) is { } address)
            {
                return address.ToLowerInvariant();
            }
        }

        if (message.Sender?.Address is { Length: > 0 } sender && sender.Contains('@', StringComparison.Ordinal))
        {
            return sender.Trim().ToLowerInvariant();
        }

        return Salvage(message.Headers[HeaderId.From]);
    }

    /// <summary>The text between angle brackets, else the last word with an @ in it.</summary>
    private static string? Salvage(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || !raw.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var open = raw.LastIndexOf('<');
        var close = open < 0 ? -1 : raw.IndexOf('>', open);
        var address = open >= 0 && close > open + 1
            ? raw[(open + 1)..close]
            : raw.Split((char[])[' ', '\t', ',', ';'], StringSplitOptions.RemoveEmptyEntries).Last(w => w.Contains('@', StringComparison.Ordinal));
        address = address.Trim().Trim('"', '\'', '(', ')').Trim();
        return address.Contains('@', StringComparison.Ordinal) ? address.ToLowerInvariant() : null;
    }
}
