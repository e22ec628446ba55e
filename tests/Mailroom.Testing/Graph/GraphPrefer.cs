using System.Globalization;

namespace Mailroom.Testing.Graph;

/// <summary>The <c>Prefer</c> preferences the server honours: <c>IdType="ImmutableId"</c> (outlook-immutable-id.md)
/// and <c>odata.maxpagesize={x}</c> (message-delta.md). Several may come in one header, comma separated, or in
/// several headers.</summary>
internal sealed record GraphPrefer(bool ImmutableIds, int? MaxPageSize)
{
    public static GraphPrefer Parse(IEnumerable<string?> headers)
    {
        var immutable = false;
        int? pageSize = null;
        foreach (var header in headers)
        {
            foreach (var part in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = part.IndexOf('=');
                var name = equals < 0 ? part : part[..equals].Trim();
                var value = equals < 0 ? "" : part[(equals + 1)..].Trim().Trim('"');
                if (name.Equals("IdType", StringComparison.OrdinalIgnoreCase))
                {
                    immutable = value.Equals("ImmutableId", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("odata.maxpagesize", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
                {
                    pageSize = size;
                }
            }
        }

        return new GraphPrefer(immutable, pageSize);
    }
}
