namespace Mailroom.Core.Records;

/// <summary>The one way Message-IDs are compared: angle brackets and space trimmed, then without regard to case.</summary>
public static class MessageIds
{
    /// <summary>The bare id (<c>abc@host</c>) from <c>&lt;abc@host&gt;</c>, <c> abc@host </c> or <c>abc@host</c>; null when empty.</summary>
    public static string? Bare(string? messageId)
    {
        if (messageId is null)
        {
            return null;
        }

        var trimmed = messageId.Trim().TrimStart('<').TrimEnd('>').Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>The lookup key the stores index: the bare id upper-cased.</summary>
    /// <remarks>
    /// RFC 5322 makes the left part case-sensitive, but some gateways change its case; two different ids that differ
    /// only in case are vanishingly rare, so matching without regard to case finds more replies and loses nothing.
    /// </remarks>
    public static string? Key(string? messageId) => Bare(messageId)?.ToUpperInvariant();
}
