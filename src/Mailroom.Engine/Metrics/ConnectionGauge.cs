namespace Mailroom.Engine.Metrics;

/// <summary>Counts a mailbox connection as up from creation to disposal.</summary>
internal sealed class ConnectionGauge : IDisposable
{
    private readonly string _account;
    private int _disposed;

    public ConnectionGauge(string account)
    {
        _account = account;
        MailroomMetrics.MailboxConnections.Add(1, MailroomMetrics.Account(account));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            MailroomMetrics.MailboxConnections.Add(-1, MailroomMetrics.Account(_account));
        }
    }
}
