namespace Mailroom.Tests.Support;

/// <summary>Polls a condition until a deadline; on failure says what never became true, never merely "timed out".</summary>
internal static class WaitFor
{
    public static async Task ConditionAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var until = DateTimeOffset.UtcNow + deadline;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"Within {deadline.TotalSeconds:0} s, {what} never happened.");
            }

            await Task.Delay(100);
        }
    }
}
