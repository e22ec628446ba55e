namespace Mailroom.Engine.Monitor;

/// <summary>One node: it works every account, and nobody can take one away from it.</summary>
internal sealed class SingleNodeLease : IMonitorLease
{
    public ValueTask<bool> MayWorkAsync(long accountId, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public Task EnsureHeldAsync(Data.UnitOfWork work, long accountId, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public CancellationToken WorkToken(long accountId) => CancellationToken.None;
}
