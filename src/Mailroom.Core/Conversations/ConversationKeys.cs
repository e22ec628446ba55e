namespace Mailroom.Core.Conversations;

/// <summary>
/// The key under which a Conversation ID is stored and looked up: prefix and number, upper-case, nothing else
/// (<c>ABCD1234</c> for <c>{CMI: abcd1234}</c>), so every way of writing the same ID finds the same record.
/// </summary>
public static class ConversationKeys
{
    /// <summary>The key of <c>{CMI: ABCD1234}</c>, <c>CMI:ABCD1234</c> or <c>ABCD1234</c>; null when nothing is left.</summary>
    public static string? Key(string? conversationId)
    {
        if (conversationId is null)
        {
            return null;
        }

        var text = conversationId.Trim().TrimStart('{').TrimEnd('}').Trim();
        if (text.StartsWith("CMI:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        var key = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// The key of an ID already read (by <see cref="ConversationIdFinder"/> from mail): the monitor looks it up with
    /// this, so the ID is not written out and read back again on the way.
    /// </summary>
    public static string Key(ConversationId id) => Key(id.Prefix, id.Number);

    /// <summary>The key of a prefix and number.</summary>
    public static string Key(string prefix, long number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix.Trim().ToUpperInvariant()}{number}");
}
