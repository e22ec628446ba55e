namespace Mailroom.Engine.Monitor;

/// <summary>
/// How far one check of a mailbox has got through what it listed: what the progress bar of <c>monitor run --once</c>,
/// the monitor page and the API show during long work such as an initial sync. The counts move per batch, never per
/// message, so that reporting costs nothing on the hot path; the rate and time left are worked out from them here,
/// once, for every face.
/// </summary>
/// <param name="AccountId">The account whose mailbox is checked.</param>
/// <param name="Account">Its name, as the faces show it.</param>
/// <param name="Initial">The monitor's first check (or the server reset its checkpoint): everything in the folder is new.</param>
/// <param name="Listed">Messages the listing gave as new since the checkpoint.</param>
/// <param name="ListedBytes">Their size as the listing gave it, or null when the server did not give every size.</param>
/// <param name="StartedAt">When the listing was known, on the engine's <see cref="TimeProvider"/>.</param>
internal sealed record MonitorProgress(long AccountId, string Account, bool Initial, int Listed, long? ListedBytes, DateTimeOffset StartedAt)
{
    public MonitorProgressStage Stage { get; init; } = MonitorProgressStage.Started;

    /// <summary>Listed messages downloaded and durable, or found in the ledger already (those are not downloaded again).</summary>
    public int Received { get; init; }

    /// <summary>The listing's size of the messages received so far.</summary>
    public long ReceivedBytes { get; init; }

    /// <summary>Listed messages filed (on a record, skipped or set aside): what is done.</summary>
    public int Filed { get; init; }

    /// <summary>When the counts were last true, on the engine's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset At { get; init; } = StartedAt;

    /// <summary>Listed messages not yet filed.</summary>
    public int Left => Math.Max(0, Listed - Filed);

    public TimeSpan Elapsed => At > StartedAt ? At - StartedAt : TimeSpan.Zero;

    /// <summary>The part done, from 0 to 1 (1 when nothing was listed).</summary>
    public double Fraction => Listed == 0 ? 1 : Math.Clamp((double)Filed / Listed, 0, 1);

    /// <summary>Messages filed per second since the listing; null until a batch is filed (no rate can be told yet).</summary>
    public double? MessagesPerSecond => Filed == 0 || Elapsed <= TimeSpan.Zero ? null : Filed / Elapsed.TotalSeconds;

    /// <summary>
    /// The time the rest takes at the rate so far, from <see cref="At"/>; zero when everything is filed, null while no
    /// rate is known. The rate includes the first download, so it errs long early on rather than promising too much.
    /// </summary>
    public TimeSpan? TimeLeft => Left == 0 ? TimeSpan.Zero
        : MessagesPerSecond is { } rate ? TimeSpan.FromSeconds(Math.Min(Left / rate, TimeSpan.MaxValue.TotalSeconds / 2)) : null;
}
