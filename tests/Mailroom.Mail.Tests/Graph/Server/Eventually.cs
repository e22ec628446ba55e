namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>Waits for a condition with a deadline, failing with what never became true.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string never, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail(never);
            }

            await Task.Delay(10);
        }
    }
}
