using Dapper;

namespace Mailroom.Data.Nodes;

/// <summary>
/// Which node works which account's monitor, when several <c>mailroom serve</c> nodes share one database.
/// </summary>
/// <remarks>
/// Leases are rows with an expiry renewed by a heartbeat, not PostgreSQL advisory locks. An advisory lock lives and
/// dies with one connection: a node whose connection drops loses its locks silently while its monitor may still be
/// mid-filing, a pooled connection may carry a lock to the wrong user, and a lock gives no number to fence a late
/// commit with. A row states its holder and expiry for <c>mailroom nodes list</c>, survives a reconnect, and carries
/// a fencing token raised on every acquisition, which each filing transaction checks (<see cref="VerifyAsync"/>).
/// Every time is the database's clock, so nodes whose clocks disagree still agree on who holds what. SQLite, with
/// one node, goes through exactly the same statements.
/// </remarks>
public sealed class NodeLeaseStore(MailroomDatabase database)
{
    private string Now => database.Dialect == SqlDialect.Postgres
        ? "(CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT))"
        : "(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))";

    /// <summary>The database's clock, in Unix milliseconds.</summary>
    public async Task<long> NowAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT {Now}", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the name <paramref name="node"/> for the process <paramref name="instance"/> when nobody holds it, when
    /// its holder's heartbeat is stale, or when this very process holds it already; null then. Otherwise nothing is
    /// written and the holder is returned: another live process (or one that died less than a time to live ago) has
    /// the name.
    /// </summary>
    public async Task<NodeNameHolder?> ClaimNameAsync(string node, string instance, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One statement, as for the account leases: of two processes racing for one stale name exactly one gets it.
        var taken = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            $"""
            INSERT INTO nodes (name, instance, started_at, heartbeat_at, expires_at) VALUES (@node, @instance, {Now}, {Now}, {Now} + @ttl)
            ON CONFLICT (name) DO UPDATE SET instance = excluded.instance, started_at = excluded.started_at,
                heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
            WHERE nodes.expires_at <= excluded.heartbeat_at OR nodes.instance = excluded.instance
            RETURNING name
            """,
            new { node, instance, ttl = (long)timeToLive.TotalMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (taken is not null)
        {
            return null;
        }

        var holders = await connection.QueryAsync<(string Name, string? Instance, long HeartbeatAt, long ExpiresAt)>(new CommandDefinition(
            "SELECT name, instance, heartbeat_at, expires_at FROM nodes WHERE name = @node", new { node }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        // Gone between the two statements (its holder left): nobody holds it, so try again.
        return holders.Select(h => new NodeNameHolder(h.Name, h.Instance, DateTimeOffset.FromUnixTimeMilliseconds(h.HeartbeatAt), DateTimeOffset.FromUnixTimeMilliseconds(h.ExpiresAt)))
            .FirstOrDefault() ?? await ClaimNameAsync(node, instance, timeToLive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renews the heartbeat of <paramref name="node"/> held by the process <paramref name="instance"/> (taking the name
    /// if it is free or stale) and returns how many nodes are live, this one included; null when another process
    /// holds the name now (this one's heartbeat went stale and a newer process took it over): this process must stop.
    /// </summary>
    /// <param name="node">This node's name.</param>
    /// <param name="instance">This process's random id (<see cref="ClaimNameAsync"/>).</param>
    /// <param name="timeToLive">How long the node counts as live without another heartbeat.</param>
    /// <param name="starting">True on the first heartbeat of a process: its start time is set anew.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<int?> HeartbeatAsync(string node, string instance, TimeSpan timeToLive, bool starting, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ours = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            $"""
            INSERT INTO nodes (name, instance, started_at, heartbeat_at, expires_at) VALUES (@node, @instance, {Now}, {Now}, {Now} + @ttl)
            ON CONFLICT (name) DO UPDATE SET instance = excluded.instance, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at,
                started_at = CASE WHEN @starting THEN excluded.started_at ELSE nodes.started_at END
            WHERE nodes.instance = excluded.instance OR nodes.expires_at <= excluded.heartbeat_at
            RETURNING name
            """,
            new { node, instance, ttl = (long)timeToLive.TotalMilliseconds, starting }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (ours is null)
        {
            return null;
        }

        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM nodes WHERE expires_at > {Now}", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes <paramref name="accountId"/>'s lease when nobody holds it (never leased, released, or run out), or when it
    /// is held under this node's own name by an earlier process (a restart). Null when another live node holds it.
    /// </summary>
    public async Task<NodeLease?> TryAcquireAsync(string node, long accountId, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One statement: PostgreSQL locks the conflicting row and evaluates the WHERE on its latest version, so of two
        // nodes racing for one expired lease exactly one gets it; SQLite has one writer anyway.
        return await connection.QuerySingleOrDefaultAsync<NodeLease>(new CommandDefinition(
            $"""
            INSERT INTO account_leases (account_id, holder, token, acquired_at, expires_at)
            VALUES (@accountId, @node, 1, {Now}, {Now} + @ttl)
            ON CONFLICT (account_id) DO UPDATE SET holder = excluded.holder, token = account_leases.token + 1,
                acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
            WHERE account_leases.expires_at <= excluded.acquired_at OR account_leases.holder = excluded.holder
            RETURNING account_id AS AccountId, token AS Token, expires_at AS ExpiresAt
            """,
            new { node, accountId, ttl = (long)timeToLive.TotalMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Extends every lease <paramref name="node"/> still holds and returns them; a lease that already ran out is not
    /// renewed (another node may have taken it) and is missing from the answer.
    /// </summary>
    public async Task<IReadOnlyList<NodeLease>> RenewAsync(string node, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<NodeLease>(new CommandDefinition(
            $"""
            UPDATE account_leases SET expires_at = {Now} + @ttl
            WHERE holder = @node AND expires_at > {Now}
            RETURNING account_id AS AccountId, token AS Token, expires_at AS ExpiresAt
            """,
            new { node, ttl = (long)timeToLive.TotalMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToList();
    }

    /// <summary>
    /// Fencing, inside the caller's unit of work just before it commits: true when <paramref name="node"/> still holds
    /// <paramref name="accountId"/> with <paramref name="token"/> and the lease has not run out. On PostgreSQL the lease
    /// row stays locked until the caller commits, so a takeover waits for this commit and never overlaps it.
    /// </summary>
    public async Task<bool> VerifyAsync(UnitOfWork work, string node, long accountId, long token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var sql = $"SELECT token FROM account_leases WHERE account_id = @accountId AND holder = @node AND token = @token AND expires_at > {Now}";
        if (database.Dialect == SqlDialect.Postgres)
        {
            sql += " FOR UPDATE";
        }

        var found = await work.Connection.QuerySingleOrDefaultAsync<long?>(work.Command(
            sql, new { accountId, node, token }, cancellationToken)).ConfigureAwait(false);
        return found == token;
    }

    /// <summary>Gives a lease up at once (it expires now; the row and its token count stay).</summary>
    public async Task<bool> ReleaseAsync(string node, long accountId, long token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE account_leases SET expires_at = 0 WHERE account_id = @accountId AND holder = @node AND token = @token",
            new { node, accountId, token }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// A node stopping politely: its leases are free at once and it no longer counts as live. Only while the process
    /// <paramref name="instance"/> still holds the name: a process whose name was taken over leaves the new holder alone.
    /// </summary>
    public async Task LeaveAsync(string node, string instance, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE account_leases SET expires_at = 0
            WHERE holder = @node AND EXISTS (SELECT 1 FROM nodes WHERE name = @node AND instance = @instance);
            DELETE FROM nodes WHERE name = @node AND instance = @instance
            """,
            new { node, instance }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The accounts some live lease covers now, with their holders.</summary>
    public async Task<IReadOnlyDictionary<long, string>> HeldAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long AccountId, string Holder)>(new CommandDefinition(
            $"SELECT account_id, holder FROM account_leases WHERE expires_at > {Now}", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.AccountId, r => r.Holder);
    }

    /// <summary>The live nodes, by name, each with the live leases it holds.</summary>
    public async Task<IReadOnlyList<LiveNode>> ListLiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var nodes = await connection.QueryAsync<(string Name, long StartedAt, long HeartbeatAt)>(new CommandDefinition(
            $"SELECT name, started_at, heartbeat_at FROM nodes WHERE expires_at > {Now} ORDER BY name", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var leases = (await connection.QueryAsync<(string Holder, long AccountId, long Token, long ExpiresAt)>(new CommandDefinition(
            $"SELECT holder, account_id, token, expires_at FROM account_leases WHERE expires_at > {Now} ORDER BY account_id",
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToLookup(l => l.Holder, StringComparer.Ordinal);
        return nodes.Select(n => new LiveNode(
                n.Name,
                DateTimeOffset.FromUnixTimeMilliseconds(n.StartedAt),
                DateTimeOffset.FromUnixTimeMilliseconds(n.HeartbeatAt),
                leases[n.Name].Select(l => new NodeLease(l.AccountId, l.Token, l.ExpiresAt)).ToList()))
            .ToList();
    }
}
