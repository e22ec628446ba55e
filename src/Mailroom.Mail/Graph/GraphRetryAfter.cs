using System.Globalization;

namespace Mailroom.Mail.Graph;

/// <summary>
/// Reads <c>Retry-After</c> as Graph sends it: whole seconds, fractional seconds (its throttling sample says
/// <c>2.128</c>, which .NET's typed header refuses), or an HTTP date.
/// </summary>
internal static class GraphRetryAfter
{
    public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.NonValidated.TryGetValues("Retry-After", out var values))
        {
            foreach (var value in values)
            {
                if (Parse(value, now) is { } delay)
                {
                    return delay;
                }
            }
        }

        return null;
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            var delay = date - now;
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }

        return null;
    }

    /// <summary>The header's value in a <c>$batch</c> sub-response, whose header names come in any case.</summary>
    public static TimeSpan? From(IReadOnlyDictionary<string, string>? headers, DateTimeOffset now)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase))
            {
                return Parse(value, now);
            }
        }

        return null;
    }

}
