using System.Diagnostics;
using System.Globalization;

namespace Mailroom.Testing;

/// <summary>
/// The one way tests wait for something a real server, process or background worker does: poll a condition until a
/// deadline, and on failure say what never became true (and the last value seen), never merely "timed out". A
/// fixed sleep proves nothing and a longer timeout hides the cause; where the time is ours, use a fake
/// <see cref="TimeProvider"/> instead of waiting at all.
/// </summary>
public static class WaitFor
{
    /// <summary>How often a condition is tried unless a caller says otherwise.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns once <paramref name="condition"/> holds.</summary>
    /// <param name="condition">Tried at once, then every <paramref name="pollInterval"/>.</param>
    /// <param name="deadline">How long it may take; measured on a monotonic clock.</param>
    /// <param name="what">What should happen, as the failure message says it: "the message arriving in the inbox".</param>
    /// <param name="pollInterval">Between tries; <see cref="DefaultPollInterval"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="TimeoutException">The deadline passed; the message names <paramref name="what"/>.</exception>
    public static async Task ConditionAsync(Func<Task<bool>> condition, TimeSpan deadline, string what, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await ValueAsync(condition, done => done, deadline, what, pollInterval, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="ConditionAsync(Func{Task{bool}}, TimeSpan, string, TimeSpan?, CancellationToken)"/>
    public static Task ConditionAsync(Func<bool> condition, TimeSpan deadline, string what, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ConditionAsync(() => Task.FromResult(condition()), deadline, what, pollInterval, cancellationToken);
    }

    /// <summary>Returns once <paramref name="task"/> has ended (rethrowing its failure), or fails naming <paramref name="what"/>.</summary>
    /// <exception cref="TimeoutException">The deadline passed before the task ended.</exception>
    public static async Task TaskAsync(Task task, TimeSpan deadline, string what)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await task.WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"Within {deadline.TotalSeconds:0.#} s, {what} never happened."));
        }
    }

    /// <summary>
    /// Reads a value until <paramref name="done"/> holds for it and returns that value, so the caller asserts on what
    /// it waited for. On failure the message names <paramref name="what"/> and the last value read (as
    /// <paramref name="describe"/> writes it, else its <c>ToString</c>).
    /// </summary>
    /// <exception cref="TimeoutException">The deadline passed.</exception>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> read, Func<T, bool> done, TimeSpan deadline, string what, TimeSpan? pollInterval = null, Func<T, string>? describe = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > deadline)
            {
                var last = value is bool ? "" : string.Create(CultureInfo.InvariantCulture, $" (last seen: {(describe is null ? value?.ToString() ?? "null" : describe(value))})");
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"Within {deadline.TotalSeconds:0.#} s, {what} never happened{last}."));
            }

            await Task.Delay(pollInterval ?? DefaultPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="ValueAsync{T}(Func{Task{T}}, Func{T, bool}, TimeSpan, string, TimeSpan?, CancellationToken)"/>
    public static Task<T> ValueAsync<T>(
        Func<T> read, Func<T, bool> done, TimeSpan deadline, string what, TimeSpan? pollInterval = null, Func<T, string>? describe = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        return ValueAsync(() => Task.FromResult(read()), done, deadline, what, pollInterval, describe, cancellationToken);
    }
}
