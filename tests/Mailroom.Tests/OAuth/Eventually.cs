namespace Mailroom.Tests.OAuth;

/// <summary>Waits on a condition with a deadline; on failure says what never became true.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan deadline, string whatNeverHappened)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Within {deadline.TotalSeconds:0} s, {whatNeverHappened}");
            await Task.Delay(100);
        }
    }
}
