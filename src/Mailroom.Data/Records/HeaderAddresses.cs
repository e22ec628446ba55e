using MimeKit;

namespace Mailroom.Data.Records;

/// <summary>
/// The bare addresses an address header names, as Mail History stores it (<c>"Ann" &lt;ann@x&gt;, bob@y</c>). Whole
/// parsed addresses, never substrings of the text: <c>ice@corp.example</c> is not <c>malice@corp.example</c>, and a
/// display name that looks like an address (<c>"ice@corp.example" &lt;malice@corp.example&gt;</c>) names no one.
/// </summary>
public static class HeaderAddresses
{
    private static readonly char[] Separators = [',', ';'];

    /// <summary>
    /// The addresses in order, as written; none when <paramref name="header"/> is empty. A list MimeKit cannot read
    /// whole (one broken entry among good ones) is read entry by entry, and the entries that read are kept.
    /// </summary>
    public static IReadOnlyList<string> Bare(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [];
        }

        if (InternetAddressList.TryParse(header, out var list))
        {
            return Addresses(list.Mailboxes);
        }

        var found = new List<string>();
        foreach (var part in header.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (MailboxAddress.TryParse(part, out var one))
            {
                found.AddRange(Addresses([one]));
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="header"/> names <paramref name="address"/>, compared without regard to case.</summary>
    public static bool Names(string? header, string address)
    {
        var wanted = address.Trim();
        return Bare(header).Any(a => string.Equals(a, wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> Addresses(IEnumerable<MailboxAddress> mailboxes) =>
        mailboxes.Select(m => m.Address?.Trim()).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).ToList();
}
