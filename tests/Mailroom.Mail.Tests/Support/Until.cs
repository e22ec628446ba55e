namespace Mailroom.Mail.Tests.Support;

/// <summary>Waits on a condition a real server or a background task makes true, with a deadline and a message.</summary>
internal static class Until
{
    /// <summary>Polls <paramref name="condition"/> until it holds; after <paramref name="seconds"/> fails saying what never happened.</summary>
    public static async Task TrueAsync(Func<bool> condition, string neverHappened, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Within {seconds} s, {neverHappened}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Awaits <paramref name="task"/>; after <paramref name="seconds"/> fails saying what never happened.</summary>
    public static async Task DoneAsync(Task task, string neverHappened, int seconds = 20)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Within {seconds} s, {neverHappened}.");
        }
    }
}
