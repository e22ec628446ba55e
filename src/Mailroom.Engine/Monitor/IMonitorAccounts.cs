using Mailroom.Core.Accounts;

namespace Mailroom.Engine.Monitor;

/// <summary>The accounts the monitor works, as the account store keeps them (with their secrets unsealed).</summary>
internal interface IMonitorAccounts
{
    Task<Account?> FindAsync(long id, CancellationToken cancellationToken);

    Task<Account?> FindByNameAsync(string name, CancellationToken cancellationToken);
}
