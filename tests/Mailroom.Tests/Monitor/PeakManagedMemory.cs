using System.Globalization;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Samples the managed heap every few milliseconds while it is alive, for figures a test prints (never asserts: the
/// heap of a test process shared with other tests is no measurement to fail on). Run the test alone to read them.
/// </summary>
internal sealed class PeakManagedMemory : IDisposable
{
    private readonly long _before;
    private readonly long _allocatedBefore;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peak;

    private PeakManagedMemory()
    {
        _before = GC.GetTotalMemory(forceFullCollection: true);
        _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        _peak = _before;
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var now = GC.GetTotalMemory(forceFullCollection: false);
                if (now > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, now);
                }

                try
                {
                    await Task.Delay(2, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public static PeakManagedMemory Start() => new();

    /// <summary>Heap before, peak above it, and everything allocated meanwhile, in MB.</summary>
    public string Report()
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
        return string.Create(CultureInfo.InvariantCulture,
            $"managed heap before {Mb(_before)} MB, peak {Mb(Interlocked.Read(ref _peak))} MB (+{Mb(Interlocked.Read(ref _peak) - _before)} MB), allocated {Mb(allocated)} MB");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampler.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
