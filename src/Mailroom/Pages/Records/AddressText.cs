namespace Mailroom.Pages.Records;

/// <summary>Address lists as people type them and as mail headers hold them.</summary>
internal static class AddressText
{
    private static readonly char[] Separators = [',', ';', '\n', '\r'];

    /// <summary>What an agent typed into To or Cc, one entry per address; blanks dropped, the rest left for the policy to judge.</summary>
    public static IReadOnlyList<string> Split(string? typed) =>
        (typed ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The bare addresses of a header as stored (<c>"Ann" &lt;ann@x&gt;, bob@y</c>).</summary>
    public static IReadOnlyList<string> Bare(string? header) => Data.Records.HeaderAddresses.Bare(header);
}
