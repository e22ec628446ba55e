using Dapper;

namespace Mailroom.Data.Users;

/// <summary>API tokens, stored as the hex SHA-256 of their value. The value itself is never stored.</summary>
public sealed class ApiTokenStore(MailroomDatabase database, TimeProvider timeProvider)
{
    private const string Columns = "id AS Id, name AS Name, created_by AS CreatedBy, created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt, role AS Role, expires_at AS ExpiresAt";

    public Task<ApiToken> AddAsync(string name, string tokenHash, string createdBy, CancellationToken cancellationToken) =>
        AddAsync(name, tokenHash, createdBy, UserRole.Administrator, null, cancellationToken);

    public async Task<ApiToken> AddAsync(string name, string tokenHash, string createdBy, UserRole role, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO api_tokens (name, token_hash, created_by, created_at, role, expires_at) VALUES (@name, @tokenHash, @createdBy, @now, @role, @expires) RETURNING id",
            new { name, tokenHash, createdBy, now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), role = role.ToString(), expires = expiresAt?.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_tokens WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.ToToken();
    }

    /// <summary>The token with this hash when it is neither revoked nor expired; notes when it was last used.</summary>
    public async Task<ApiToken?> UseAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_tokens WHERE token_hash = @tokenHash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)",
            new { tokenHash, now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET last_used_at = @now WHERE id = @id",
            new { id = row.Id, now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.ToToken();
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_tokens ORDER BY id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToToken()).ToList();
    }

    /// <summary>Revokes a token; false when no token has that id or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            new { id, now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed > 0;
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? LastUsedAt { get; set; }
        public long? RevokedAt { get; set; }

        public string Role { get; set; } = nameof(UserRole.Administrator);

        public long? ExpiresAt { get; set; }

        public ApiToken ToToken() => new(
            Id, Name, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            LastUsedAt is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null,
            RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null,
            Enum.TryParse<UserRole>(Role, out var role) ? role : UserRole.Agent,
            ExpiresAt is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null);
    }
}
