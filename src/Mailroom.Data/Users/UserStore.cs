using System.Data.Common;
using Dapper;

namespace Mailroom.Data.Users;

/// <summary>Web users in the database. Hashing and lockout rules live with the caller; this only stores.</summary>
public sealed class UserStore(MailroomDatabase database, TimeProvider timeProvider)
{
    private const string Columns = """
        id AS Id, address AS Address, display_name AS DisplayName, role AS Role, password_hash AS PasswordHash,
        failed_sign_ins AS FailedSignIns, locked_until AS LockedUntil, security_stamp AS SecurityStamp, created_at AS CreatedAt,
        disabled_at AS DisabledAt, must_change_password AS MustChangePassword
        """;

    private const string ActiveAdministrator = "role = 'Administrator' AND disabled_at IS NULL";

    /// <summary>Adds a user; null when the address is taken (without regard to case).</summary>
    public async Task<WebUser?> AddAsync(string address, string displayName, UserRole role, string passwordHash, string securityStamp, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var key = address.ToUpperInvariant();
        var taken = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition("SELECT COUNT(*) FROM web_users WHERE address_key = @key", new { key }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (taken > 0)
        {
            return null;
        }

        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO web_users (address, address_key, display_name, role, password_hash, failed_sign_ins, locked_until, security_stamp, created_at)
                VALUES (@address, @key, @displayName, @role, @passwordHash, 0, NULL, @securityStamp, @now) RETURNING id
                """,
                new { address, key, displayName, role = role.ToString(), passwordHash, securityStamp, now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return await FindAsync(connection, "id = @id", new { id }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // Another writer may have taken the address between the check and the insert: the unique index refused it.
            if (await ExistsAsync(connection, key, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            throw;
        }
    }

    public async Task<WebUser?> FindByAddressAsync(string address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, "address_key = @key", new { key = address.Trim().ToUpperInvariant() }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WebUser?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, "id = @id", new { id }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WebUser>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM web_users ORDER BY address_key", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToUser()).ToList();
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM web_users", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>How many administrators may sign in (the first start offers its set-up link while there are none).</summary>
    public async Task<long> CountActiveAdministratorsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM web_users WHERE {ActiveAdministrator}", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Records the outcome of a sign-in attempt: the failure count and, when it is reached, the lockout end.</summary>
    public async Task SetSignInStateAsync(long id, int failedSignIns, DateTimeOffset? lockedUntil, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE web_users SET failed_sign_ins = @failedSignIns, locked_until = @until WHERE id = @id",
            new { id, failedSignIns, until = lockedUntil?.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Replaces the password with one the user chose, and the security stamp, which signs the user out everywhere else.</summary>
    public Task<bool> SetPasswordAsync(long id, string passwordHash, string securityStamp, CancellationToken cancellationToken) =>
        WritePasswordAsync(id, passwordHash, securityStamp, mustChange: false, cancellationToken);

    /// <summary>An administrator's reset: a temporary password, sessions ended, and a new password to choose at the next sign-in.</summary>
    public Task<bool> ResetPasswordAsync(long id, string passwordHash, string securityStamp, CancellationToken cancellationToken) =>
        WritePasswordAsync(id, passwordHash, securityStamp, mustChange: true, cancellationToken);

    /// <summary>
    /// Disables a user (a new security stamp ends their sessions at their next request) or enables them again; the
    /// last active administrator cannot be disabled.
    /// </summary>
    public Task<UserChange> SetDisabledAsync(long id, bool disabled, string securityStamp, CancellationToken cancellationToken) =>
        GuardedAsync(id, disabled, u => u.IsDisabled == disabled, u => u.Role == UserRole.Administrator && disabled,
            work => work.Connection.ExecuteAsync(work.Command(
                "UPDATE web_users SET disabled_at = @at, security_stamp = @securityStamp WHERE id = @id",
                new { id, at = disabled ? timeProvider.GetUtcNow().ToUnixTimeMilliseconds() : (long?)null, securityStamp }, cancellationToken)),
            cancellationToken);

    /// <summary>Changes the role (a new security stamp makes the user sign in again under it); the last active administrator cannot be demoted.</summary>
    public Task<UserChange> SetRoleAsync(long id, UserRole role, string securityStamp, CancellationToken cancellationToken) =>
        GuardedAsync(id, true, u => u.Role == role, u => u.Role == UserRole.Administrator && role != UserRole.Administrator,
            work => work.Connection.ExecuteAsync(work.Command(
                "UPDATE web_users SET role = @role, security_stamp = @securityStamp WHERE id = @id",
                new { id, role = role.ToString(), securityStamp }, cancellationToken)),
            cancellationToken);

    /// <summary>Deletes a user; the last active administrator cannot be deleted. Their journal entries keep their name (stored as text).</summary>
    public Task<UserChange> DeleteAsync(long id, CancellationToken cancellationToken) =>
        GuardedAsync(id, true, _ => false, u => u.Role == UserRole.Administrator,
            work => work.Connection.ExecuteAsync(work.Command("DELETE FROM web_users WHERE id = @id", new { id }, cancellationToken)),
            cancellationToken);

    // One transaction for the check and the change (on SQLite it holds the write lock from the start), so two
    // administrators demoting each other at once cannot leave nobody.
    private Task<UserChange> GuardedAsync(
        long id, bool applies, Func<WebUser, bool> unchanged, Func<WebUser, bool> removesAnAdministrator,
        Func<UnitOfWork, Task<int>> change, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async work =>
        {
            if (database.Dialect == SqlDialect.Postgres)
            {
                await work.Connection.ExecuteAsync(work.Command("LOCK TABLE web_users IN SHARE ROW EXCLUSIVE MODE", null, cancellationToken)).ConfigureAwait(false);
            }

            var row = await work.Connection.QuerySingleOrDefaultAsync<Row>(work.Command(
                $"SELECT {Columns} FROM web_users WHERE id = @id", new { id }, cancellationToken)).ConfigureAwait(false);
            if (row?.ToUser() is not { } user)
            {
                return UserChange.NotFound;
            }

            if (unchanged(user))
            {
                return UserChange.Unchanged;
            }

            if (applies && !user.IsDisabled && removesAnAdministrator(user))
            {
                var others = await work.Connection.ExecuteScalarAsync<long>(work.Command(
                    $"SELECT COUNT(*) FROM web_users WHERE {ActiveAdministrator} AND id <> @id", new { id }, cancellationToken)).ConfigureAwait(false);
                if (others == 0)
                {
                    return UserChange.LastAdministrator;
                }
            }

            await change(work).ConfigureAwait(false);
            return UserChange.Done;
        }, cancellationToken);

    private async Task<bool> WritePasswordAsync(long id, string passwordHash, string securityStamp, bool mustChange, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE web_users SET password_hash = @passwordHash, security_stamp = @securityStamp, failed_sign_ins = 0, locked_until = NULL, must_change_password = @mustChange WHERE id = @id",
            new { id, passwordHash, securityStamp, mustChange }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed > 0;
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, string key, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM web_users WHERE address_key = @key", new { key }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;

    private static async Task<WebUser?> FindAsync(DbConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM web_users WHERE {where}", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToUser();
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Address { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Role { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public long FailedSignIns { get; set; }
        public long? LockedUntil { get; set; }
        public string SecurityStamp { get; set; } = "";
        public long CreatedAt { get; set; }

        public long? DisabledAt { get; set; }

        public bool MustChangePassword { get; set; }

        public WebUser ToUser() => new(
            Id, Address, DisplayName, Enum.Parse<UserRole>(Role), PasswordHash, (int)FailedSignIns,
            LockedUntil is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null,
            SecurityStamp, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            DisabledAt is { } disabled ? DateTimeOffset.FromUnixTimeMilliseconds(disabled) : null,
            MustChangePassword);
    }
}
