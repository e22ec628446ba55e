using Mailroom.Commands;
using Mailroom.Engine.Monitor;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>The progress arithmetic (rate, time left, megabytes) and its text, on a fake clock.</summary>
public sealed class MonitorProgressTests
{
    private const long Megabyte = 1024 * 1024;

    private static readonly DateTimeOffset Start = new(2026, 12, 4, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rate_and_time_left_come_from_what_is_filed_since_the_listing()
    {
        var time = new FakeTimeProvider(Start);
        var listed = new MonitorProgress(1, "Desk", true, 10_000, 145 * Megabyte, time.GetUtcNow());
        Assert.Null(listed.MessagesPerSecond); // nothing filed: no rate to tell
        Assert.Null(listed.TimeLeft);
        Assert.Equal(0, listed.Fraction);
        Assert.Equal("Initial sync: 0 of 10,000 messages, time left not known yet", MonitorProgressText.Sentence(listed));

        time.Advance(TimeSpan.FromSeconds(2));
        var mid = listed with { Stage = MonitorProgressStage.Filed, Received = 4_400, ReceivedBytes = 61 * Megabyte, Filed = 4_200, At = time.GetUtcNow() };

        Assert.Equal(2_100, mid.MessagesPerSecond);
        Assert.Equal(5_800, mid.Left);
        Assert.Equal(5_800 / 2_100.0, mid.TimeLeft!.Value.TotalSeconds, 3);
        Assert.Equal(0.42, mid.Fraction, 3);
        Assert.Equal("Initial sync: 4,200 of 10,000 messages, about 3 s left", MonitorProgressText.Sentence(mid));
        Assert.Equal("61/145 MB", MonitorProgressText.MegabytesOf(mid, "/"));
    }

    [Fact]
    public void The_bar_shows_messages_megabytes_rate_and_time_left_and_is_cut_to_the_terminal()
    {
        var time = new FakeTimeProvider(Start);
        var p = new MonitorProgress(1, "Desk", true, 10_000, 145 * Megabyte, time.GetUtcNow());
        Assert.Equal("[..........] 0/10,000 messages, 0.0/145 MB", MonitorProgressBar.Bar(p, 120));

        time.Advance(TimeSpan.FromSeconds(2));
        p = p with { Stage = MonitorProgressStage.Filed, Received = 4_400, ReceivedBytes = 61 * Megabyte, Filed = 4_200, At = time.GetUtcNow() };
        Assert.Equal("[####......] 4,200/10,000 messages, 61/145 MB, 2,100 messages/s, 3 s left", MonitorProgressBar.Bar(p, 120));
        Assert.Equal("Desk: 4,200/10,000 messages, 61/145 MB, 2,100 messages/s, 3 s left", MonitorProgressBar.Plain(p));
        Assert.Equal("[####......] 4,200/10,000 messag", MonitorProgressBar.Bar(p, 33)); // one column spare: no wrap

        time.Advance(TimeSpan.FromSeconds(3));
        var done = p with { Stage = MonitorProgressStage.Finished, Received = 10_000, ReceivedBytes = 145 * Megabyte, Filed = 10_000, At = time.GetUtcNow() };
        Assert.Equal("[##########] 10,000/10,000 messages, 145/145 MB, 2,000 messages/s, done in 5 s", MonitorProgressBar.Bar(done, 120));

        var stopped = p with { Stage = MonitorProgressStage.Finished, At = time.GetUtcNow() };
        Assert.EndsWith("stopped in 5 s", MonitorProgressBar.Plain(stopped), StringComparison.Ordinal);
    }

    [Fact]
    public void Sizes_the_server_did_not_give_are_left_out_of_the_total()
    {
        var p = new MonitorProgress(1, "Desk", false, 300, null, Start) { Stage = MonitorProgressStage.Received, Received = 100, ReceivedBytes = Megabyte / 2 };
        Assert.Equal("0.5 MB", MonitorProgressText.MegabytesOf(p, "/"));
        Assert.Equal("Catching up: 0 of 300 messages, time left not known yet", MonitorProgressText.Sentence(p));
    }

    [Theory]
    [InlineData(0.4, "under 1 s")]
    [InlineData(2.2, "3 s")]
    [InlineData(59.5, "1 min")]
    [InlineData(250, "4 min 10 s")]
    [InlineData(1_790, "30 min")]
    [InlineData(7_500, "2 h 5 min")]
    public void Durations_read_as_a_person_says_them(double seconds, string expected) =>
        Assert.Equal(expected, MonitorProgressText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public async Task A_terminal_gets_one_line_redrawn_in_place_at_most_ten_times_a_second_and_ended_with_a_newline()
    {
        var time = new FakeTimeProvider(Start);
        using var error = new StringWriter();
        var console = new MonitorProgressConsole(error, terminal: true, () => 200, time);
        var p = new MonitorProgress(1, "Desk", true, 10, 10 * Megabyte, time.GetUtcNow());

        await console.ReportAsync(p, default);
        time.Advance(TimeSpan.FromMilliseconds(50));
        await console.ReportAsync(p with { Stage = MonitorProgressStage.Received, Received = 5, ReceivedBytes = 5 * Megabyte, At = time.GetUtcNow() }, default);
        time.Advance(TimeSpan.FromMilliseconds(60));
        await console.ReportAsync(p with { Stage = MonitorProgressStage.Filed, Received = 5, ReceivedBytes = 5 * Megabyte, Filed = 5, At = time.GetUtcNow() }, default);
        await console.ReportAsync(p with { Stage = MonitorProgressStage.Finished, Received = 10, ReceivedBytes = 10 * Megabyte, Filed = 10, At = time.GetUtcNow() }, default);

        var text = error.ToString();
        var draws = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, draws.Length); // the report 50 ms after the first was not drawn; the last always is
        Assert.Equal("[..........] 0/10 messages, 0.0/10 MB", draws[0]);
        Assert.StartsWith("[#####.....] 5/10 messages, 5.0/10 MB", draws[1], StringComparison.Ordinal);
        Assert.Equal("[##########] 10/10 messages, 10/10 MB, 91 messages/s, done in under 1 s" + Environment.NewLine, draws[2]);
        Assert.DoesNotContain('\n', text[..^Environment.NewLine.Length]);
    }

    [Fact]
    public async Task Not_a_terminal_gets_plain_lines_for_the_first_batch_then_every_two_seconds_and_the_end()
    {
        var time = new FakeTimeProvider(Start);
        using var error = new StringWriter();
        var console = new MonitorProgressConsole(error, terminal: false, () => 80, time);
        var p = new MonitorProgress(1, "Desk", true, 40, null, time.GetUtcNow());

        await console.ReportAsync(p, default);
        for (var filed = 10; filed <= 40; filed += 10)
        {
            time.Advance(TimeSpan.FromSeconds(1.5));
            await console.ReportAsync(p with { Stage = MonitorProgressStage.Received, Received = filed, At = time.GetUtcNow() }, default);
            await console.ReportAsync(p with { Stage = MonitorProgressStage.Filed, Received = filed, Filed = filed, At = time.GetUtcNow() }, default);
        }

        await console.ReportAsync(p with { Stage = MonitorProgressStage.Finished, Received = 40, Filed = 40, At = time.GetUtcNow() }, default);

        Assert.Equal(
            [
                "Desk: 10/40 messages, 0.0 MB, 6.7 messages/s, 5 s left",
                "Desk: 30/40 messages, 0.0 MB, 6.7 messages/s, 2 s left",
                "Desk: 40/40 messages, 0.0 MB, 6.7 messages/s, done in 6 s",
            ],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
