using System.Globalization;
using Mailroom.Data.Records;

namespace Mailroom.Shapes;

/// <summary>
/// The raw message of a mail on a record, as the page and the API hand it out: streamed from the database, as a
/// <c>message/rfc822</c> download (a browser saves it, never renders the untrusted mail on this site).
/// </summary>
internal static class RawMailDownload
{
    public const string ContentType = "message/rfc822";

    public static string FileName(long entryId) => "message-" + entryId.ToString(CultureInfo.InvariantCulture) + ".eml";

    /// <summary>The raw message of mail entry <paramref name="entryId"/> on record <paramref name="recordId"/>; null when there is none there.</summary>
    /// <remarks>The stream holds a database connection: hand it to the response, which disposes it.</remarks>
    public static async Task<Stream?> OpenAsync(JournalStore journal, long recordId, long entryId, CancellationToken cancellationToken)
    {
        var entry = await journal.GetAsync(entryId, cancellationToken);
        if (entry?.Mail is null || entry.RecordId != recordId)
        {
            return null;
        }

        return await journal.OpenRawAsync(entryId, cancellationToken);
    }
}
