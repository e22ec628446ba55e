using System.Data.Common;
using Dapper;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Audit;
using Mailroom.Data.Secrets;

namespace Mailroom.Data.Accounts;

/// <summary>
/// Global e-mail accounts, their users' personal versions, and standalone personal accounts. Every write validates
/// first (<see cref="AccountValidator"/>, names unique without regard to case) and runs in one transaction with its
/// audit entry, so nothing is written when anything is wrong. Secrets are sealed before they are stored.
/// </summary>
/// <remarks>
/// Reads return accounts with their secrets unsealed (<see cref="Secret"/> never prints itself); an edit is based on
/// <see cref="Account.Version"/> as read and fails with <see cref="ConflictException"/> if the row changed since.
/// </remarks>
public sealed partial class AccountStore(MailroomDatabase database, SecretProtector protector, AuditLog audit, TimeProvider time)
{
    private const string Kind = "account";
    private const string SelectAccounts = "SELECT id, " + AccountRow.Columns + " FROM accounts";

    /// <summary>Stores a new global account (or, with <see cref="Account.Owner"/> set, a standalone personal one).</summary>
    /// <returns>The account as stored, with its <see cref="Account.Id"/> and <see cref="Account.Version"/> 1.</returns>
    /// <exception cref="ValidationException">The account has problems, the name among them if it is taken.</exception>
    public Task<Account> AddAsync(Account account, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return WriteAsync(async work =>
        {
            var stored = await InsertAsync(work, account, cancellationToken).ConfigureAwait(false);
            await audit.WriteAsync(work, actor, stored.Id, stored.Name, AuditLog.Actions.AccountAdded, [], cancellationToken).ConfigureAwait(false);
            return stored;
        }, cancellationToken);
    }

    /// <summary>The global account named <paramref name="name"/>, compared without regard to case.</summary>
    /// <exception cref="NotFoundException">No global account has that name.</exception>
    public async Task<Account> GetAsync(string name, CancellationToken cancellationToken) =>
        await FindAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException(Kind, name);

    /// <summary>The account (global or standalone personal) with id <paramref name="id"/>.</summary>
    /// <exception cref="NotFoundException">No account has that id.</exception>
    public async Task<Account> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadOneAsync(connection, null, "id = @Id", new { Id = id }, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException(Kind, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The global account named <paramref name="name"/>, or null.</summary>
    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadOneAsync(connection, null, "owner_key = '' AND name_key = @Key", new { Key = AccountValidator.NameKey(name) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every global account, by name.</summary>
    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadManyAsync(connection, null, "owner_key = ''", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The standalone personal accounts of the user with address <paramref name="userAddress"/>, by name.</summary>
    public async Task<IReadOnlyList<Account>> ListPersonalAccountsAsync(string userAddress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userAddress);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadManyAsync(connection, null, "owner_key = @Owner", new { Owner = AccountMapper.OwnerKey(userAddress) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the stored account with id <paramref name="account"/>.Id by <paramref name="account"/>, provided the
    /// stored row still has <see cref="Account.Version"/> (the version it was read with).
    /// </summary>
    /// <returns>The account as stored, with its new version.</returns>
    /// <exception cref="ValidationException">The changed account has problems.</exception>
    /// <exception cref="NotFoundException">The account was deleted.</exception>
    /// <exception cref="ConflictException">Someone changed it since it was read.</exception>
    public Task<Account> UpdateAsync(Account account, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return WriteAsync(async work =>
        {
            var before = await ReadOneAsync(work.Connection, work.Transaction, "id = @Id", new { account.Id }, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException(Kind, account.Name);
            if (before.Version != account.Version)
            {
                throw new ConflictException(Kind, before.Name, account.Version, before.Version);
            }

            var updated = account with { Owner = before.Owner };
            await ValidateAsync(work, updated, cancellationToken).ConfigureAwait(false);
            var row = AccountMapper.ToRow(updated, protector, Now());
            var changed = await work.Connection.ExecuteAsync(work.Command(
                $"UPDATE accounts SET {AccountRow.Assignments}, version = version + 1 WHERE id = @id AND version = @version",
                row, cancellationToken)).ConfigureAwait(false);
            if (changed != 1)
            {
                // Unreachable while the transaction holds the write lock; kept so a stale write can never slip through.
                throw new ConflictException(Kind, before.Name, account.Version, null);
            }

            await WriteFromAddressesAsync(work, account.Id, updated.From.LegalAddresses, cancellationToken).ConfigureAwait(false);
            if (OAuthClientChanged(before.OAuth, updated.OAuth))
            {
                // A refresh token belongs to the client and provider that issued it: used with another client it is
                // refused at best, and at worst spent at the wrong provider. So every kept sign-in of the account
                // (its own and each user's) goes in the same transaction as the edit; a person signs in again.
                await work.Connection.ExecuteAsync(work.Command("DELETE FROM oauth_tokens WHERE account_id = @Id", new { account.Id }, cancellationToken)).ConfigureAwait(false);
            }

            await audit.WriteAsync(work, actor, account.Id, updated.Name, AuditLog.Actions.AccountChanged,
                AccountDiff.ChangedFields(before, updated), cancellationToken).ConfigureAwait(false);
            return updated with { Version = account.Version + 1 };
        }, cancellationToken);
    }

    /// <summary>
    /// Copies the global account <paramref name="name"/> with every setting (sealed secrets and From settings included)
    /// to a new global account named <paramref name="newName"/>. Personal versions are not copied: they belong to the
    /// original.
    /// </summary>
    /// <exception cref="NotFoundException">No global account has that name.</exception>
    /// <exception cref="ValidationException">The new name is taken or invalid.</exception>
    public Task<Account> CopyAsync(string name, string newName, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WriteAsync(async work =>
        {
            var source = await ReadOneAsync(work.Connection, work.Transaction, "owner_key = '' AND name_key = @Key", new { Key = AccountValidator.NameKey(name) }, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException(Kind, name);
            var copy = await InsertAsync(work, source with { Id = 0, Name = newName ?? "" }, cancellationToken).ConfigureAwait(false);
            await audit.WriteAsync(work, actor, copy.Id, copy.Name, AuditLog.Actions.AccountCopied, [$"from:{source.Id}"], cancellationToken).ConfigureAwait(false);
            return copy;
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes the global account <paramref name="name"/>. With <paramref name="keepUserAccounts"/>, each user's
    /// personal version first becomes a complete standalone personal account owned by that user (the global settings
    /// copied in, the user's own laid over them, both padlocks open); without it, personal versions are removed too.
    /// </summary>
    /// <returns>How many standalone personal accounts were kept.</returns>
    /// <exception cref="NotFoundException">No global account has that name.</exception>
    public Task<int> DeleteAsync(string name, bool keepUserAccounts, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WriteAsync(async work =>
        {
            var account = await ReadOneAsync(work.Connection, work.Transaction, "owner_key = '' AND name_key = @Key", new { Key = AccountValidator.NameKey(name) }, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException(Kind, name);
            var kept = 0;
            if (keepUserAccounts)
            {
                foreach (var version in await ReadPersonalVersionsAsync(work.Connection, work.Transaction, account.Id, cancellationToken).ConfigureAwait(false))
                {
                    var standalone = await InsertAsync(work, version.MergeInto(account), cancellationToken).ConfigureAwait(false);
                    await audit.WriteAsync(work, actor, standalone.Id, standalone.Name, AuditLog.Actions.PersonalAccountKept,
                        [$"owner:{version.UserAddress}"], cancellationToken).ConfigureAwait(false);
                    kept++;
                }
            }

            await work.Connection.ExecuteAsync(work.Command("DELETE FROM personal_account_versions WHERE account_id = @Id", new { account.Id }, cancellationToken)).ConfigureAwait(false);
            await work.Connection.ExecuteAsync(work.Command("DELETE FROM account_from_addresses WHERE account_id = @Id", new { account.Id }, cancellationToken)).ConfigureAwait(false);
            await work.Connection.ExecuteAsync(work.Command("DELETE FROM accounts WHERE id = @Id", new { account.Id }, cancellationToken)).ConfigureAwait(false);
            await audit.WriteAsync(work, actor, account.Id, account.Name, AuditLog.Actions.AccountDeleted,
                keepUserAccounts ? ["keep-user-accounts"] : [], cancellationToken).ConfigureAwait(false);
            return kept;
        }, cancellationToken);
    }

    /// <summary>
    /// Whether an edit makes the kept tokens another client's: the provider, client, tenant, authority, endpoints,
    /// scopes or flow changed, or the account went to or from OAuth 2.0. A new client secret or certificate is the
    /// same client (secrets are rotated as they expire), so the tokens stay.
    /// </summary>
    private static bool OAuthClientChanged(OAuthSettings? before, OAuthSettings? after) =>
        before is null || after is null
            ? before is not null || after is not null
            : before.Provider != after.Provider || before.ClientId != after.ClientId || before.Flow != after.Flow
              || before.Tenant != after.Tenant || before.Authority != after.Authority
              || before.AuthorizeUrl != after.AuthorizeUrl || before.TokenUrl != after.TokenUrl
              || !before.Scopes.SequenceEqual(after.Scopes);

    private async Task<T> WriteAsync<T>(Func<UnitOfWork, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await database.InTransactionAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another writer stored the same name between our check and our insert (PostgreSQL, concurrent nodes).
            throw new ValidationException(AccountFields.Name, "an account with this name already exists (names are compared without regard to case)");
        }
    }

    private async Task<Account> InsertAsync(UnitOfWork work, Account account, CancellationToken cancellationToken)
    {
        await ValidateAsync(work, account, cancellationToken).ConfigureAwait(false);
        var row = AccountMapper.ToRow(account with { Version = 1 }, protector, Now());
        var id = await work.Connection.ExecuteScalarAsync<long>(work.Command(
            $"INSERT INTO accounts ({AccountRow.Columns}) VALUES ({AccountRow.Parameters}) RETURNING id",
            row, cancellationToken)).ConfigureAwait(false);
        await WriteFromAddressesAsync(work, id, account.From.LegalAddresses, cancellationToken).ConfigureAwait(false);
        return account with { Id = id, Version = 1 };
    }

    private async Task ValidateAsync(UnitOfWork work, Account account, CancellationToken cancellationToken)
    {
        var otherNames = await work.Connection.QueryAsync<string>(work.Command(
            "SELECT name FROM accounts WHERE owner_key = @Owner AND id <> @Id",
            new { Owner = AccountMapper.OwnerKey(account.Owner), account.Id }, cancellationToken)).ConfigureAwait(false);
        AccountValidator.ThrowIfInvalid(account, otherNames);
    }

    private static async Task WriteFromAddressesAsync(UnitOfWork work, long accountId, IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(work.Command("DELETE FROM account_from_addresses WHERE account_id = @accountId", new { accountId }, cancellationToken)).ConfigureAwait(false);
        var rows = addresses.Select((address, position) => new { accountId, position, address, key = address.ToUpperInvariant() }).ToList();
        if (rows.Count > 0)
        {
            await work.Connection.ExecuteAsync(work.Command(
                "INSERT INTO account_from_addresses (account_id, position, address, address_key) VALUES (@accountId, @position, @address, @key)",
                rows, cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task<Account?> ReadOneAsync(DbConnection connection, DbTransaction? tx, string where, object parameters, CancellationToken cancellationToken) =>
        (await ReadManyAsync(connection, tx, where, parameters, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    private async Task<IReadOnlyList<Account>> ReadManyAsync(DbConnection connection, DbTransaction? tx, string where, object? parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<AccountRow>(new CommandDefinition(
            $"{SelectAccounts} WHERE {where} ORDER BY name_key", parameters, tx, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.id).ToArray();
        var addresses = (await connection.QueryAsync<(long AccountId, string Address)>(new CommandDefinition(
            "SELECT account_id, address FROM account_from_addresses WHERE account_id IN (" + string.Join(',', ids) + ") ORDER BY account_id, position",
            transaction: tx, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(a => a.AccountId, a => a.Address);
        return rows.Select(r => AccountMapper.ToAccount(r, addresses[r.id].ToList(), protector)).ToList();
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
