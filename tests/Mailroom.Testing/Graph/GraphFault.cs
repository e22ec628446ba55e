using System.Globalization;

namespace Mailroom.Testing.Graph;

/// <summary>
/// An answer the <see cref="GraphTestServer"/> gives instead of the real one, to the next <see cref="Times"/> requests
/// of <see cref="Kind"/> (any kind when null) to a mailbox (<see cref="GraphTestMailbox.InjectFault"/>) or to the whole
/// server (<see cref="GraphTestServer.InjectFault"/>). Inside a <c>$batch</c> each request meets faults on its own, so
/// one request of a batch can be throttled while the others succeed, as the throttling guidance describes.
/// </summary>
public sealed class GraphFault
{
    private int _remaining;

    private GraphFault(int status, string code, string message, GraphRequestKind? kind, int times, Func<DateTimeOffset, string?> retryAfter, GraphFaultMode mode = GraphFaultMode.Answer)
    {
        Mode = mode;
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        Status = status;
        Code = code;
        Message = message;
        Kind = kind;
        Times = times;
        _remaining = times;
        RetryAfterHeader = retryAfter;
    }

    public int Status { get; }

    /// <summary>The <c>error.code</c> of the answer.</summary>
    public string Code { get; }

    public string Message { get; }

    /// <summary>The kind of request it answers; null: any.</summary>
    public GraphRequestKind? Kind { get; }

    /// <summary>How many requests it answers in all.</summary>
    public int Times { get; }

    /// <summary>How many it has still to answer.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    internal Func<DateTimeOffset, string?> RetryAfterHeader { get; }

    internal GraphFaultMode Mode { get; }

    /// <summary>
    /// 429 as the throttling guidance shows it (code <c>TooManyRequests</c>), with <c>Retry-After</c> in seconds; a
    /// fraction is written as the guidance's sample does (<c>2.128</c>), whole seconds as an integer.
    /// </summary>
    public static GraphFault TooManyRequests(TimeSpan retryAfter, int times = 1, GraphRequestKind? kind = null) =>
        new(429, "TooManyRequests", "Please retry again later.", kind, times, _ => Seconds(retryAfter));

    /// <summary>429 with <c>Retry-After</c> as an HTTP date, <paramref name="retryAfter"/> from the server's clock.</summary>
    public static GraphFault TooManyRequestsUntilDate(TimeSpan retryAfter, int times = 1, GraphRequestKind? kind = null) =>
        new(429, "TooManyRequests", "Please retry again later.", kind, times, now => HttpDate(now + retryAfter));

    /// <summary>429 without any <c>Retry-After</c> (the guidance says to back off exponentially then).</summary>
    public static GraphFault TooManyRequestsWithoutRetryAfter(int times = 1, GraphRequestKind? kind = null) =>
        new(429, "TooManyRequests", "Please retry again later.", kind, times, _ => null);

    /// <summary>503 (code <c>serviceNotAvailable</c>), with <c>Retry-After</c> in seconds when given.</summary>
    public static GraphFault ServiceUnavailable(TimeSpan? retryAfter = null, int times = 1, GraphRequestKind? kind = null) =>
        new(503, "serviceNotAvailable", "The service is temporarily unavailable. Try the request again after a delay.", kind, times,
            _ => retryAfter is { } wait ? Seconds(wait) : null);

    /// <summary>503 with <c>Retry-After</c> as an HTTP date.</summary>
    public static GraphFault ServiceUnavailableUntilDate(TimeSpan retryAfter, int times = 1, GraphRequestKind? kind = null) =>
        new(503, "serviceNotAvailable", "The service is temporarily unavailable. Try the request again after a delay.", kind, times,
            now => HttpDate(now + retryAfter));

    /// <summary>Any other error answer (for example 500 <c>generalException</c>, or 403 <c>ErrorAccessDenied</c>).</summary>
    public static GraphFault Error(int status, string code, string message, int times = 1, GraphRequestKind? kind = null) =>
        new(status, code, message, kind, times, _ => null);

    /// <summary>Closes the connection without an answer (a lost connection; inside a batch, the whole batch's).</summary>
    public static GraphFault DropConnection(int times = 1, GraphRequestKind? kind = null) =>
        new(0, "", "", kind, times, _ => null, GraphFaultMode.Drop);

    /// <summary>Answers as usual but closes the connection half way through the body (a download cut short).</summary>
    public static GraphFault CutBody(int times = 1, GraphRequestKind? kind = null) =>
        new(0, "", "", kind, times, _ => null, GraphFaultMode.Cut);

    internal bool TryTake(GraphRequestKind kind)
    {
        if (Kind is { } only && only != kind)
        {
            return false;
        }

        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }

    private static string Seconds(TimeSpan wait) => wait.Ticks % TimeSpan.TicksPerSecond == 0
        ? ((long)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)
        : wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string HttpDate(DateTimeOffset at) => at.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
}

/// <summary>How a fault answers: with an error, by closing the connection, or by cutting the real answer short.</summary>
internal enum GraphFaultMode
{
    Answer,
    Drop,
    Cut,
}
