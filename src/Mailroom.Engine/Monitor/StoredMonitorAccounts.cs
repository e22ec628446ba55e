using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;

namespace Mailroom.Engine.Monitor;

/// <summary>The monitor's view of the account store.</summary>
internal sealed class StoredMonitorAccounts(AccountStore accounts) : IMonitorAccounts
{
    public async Task<Account?> FindAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            return await accounts.GetAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public Task<Account?> FindByNameAsync(string name, CancellationToken cancellationToken) => accounts.FindAsync(name, cancellationToken);
}
