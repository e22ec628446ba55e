using Dapper;
using Mailroom.Data.Secrets;

namespace Mailroom.Data.OAuth;

/// <summary>
/// Keeps the OAuth 2.0 tokens of each account (and of each user who signed in for themselves), sealed, with the
/// renewal claim that lets exactly one node renew at a time.
/// </summary>
/// <remarks>
/// Refresh tokens are often single use (Microsoft and many custom providers rotate them): two nodes renewing with the
/// same one at once would leave one of them with <c>invalid_grant</c> and the account needing a person. So a node
/// first claims the row (<see cref="TryClaimAsync"/>, one statement, timed by the database's clock); the others wait
/// and read the winner's token. The new access token and the rotated refresh token are written in one statement, so
/// no reader ever sees one without the other.
/// </remarks>
public sealed class OAuthTokenStore(MailroomDatabase database, SecretProtector protector)
{
    private const string Columns = """
        account_id AS AccountId, user_address AS UserAddress, refresh_token AS RefreshToken, access_token AS AccessToken,
        access_issued_at AS IssuedAt, access_expires_at AS ExpiresAt, status AS Status, status_reason AS Reason,
        status_at AS StatusAt, status_account_version AS StatusAccountVersion, version AS Version
        """;

    private string Now => DatabaseClock.NowSql(database.Dialect);

    /// <summary>The tokens kept for <paramref name="accountId"/> and <paramref name="userAddress"/> (null or empty: the account's own); null when none.</summary>
    public async Task<StoredOAuthToken?> GetAsync(long accountId, string? userAddress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM oauth_tokens WHERE account_id = @accountId AND user_address = @user",
            new { accountId, user = Key(userAddress) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : ToToken(row);
    }

    /// <summary>
    /// Claims the right to renew for <paramref name="claimant"/> (a node, a process) for <paramref name="timeToLive"/>:
    /// true when nobody held the claim, it ran out, or <paramref name="claimant"/> holds it already. The row is created
    /// when there is none yet (client credentials keep only their access token).
    /// </summary>
    public async Task<bool> TryClaimAsync(long accountId, string? userAddress, string claimant, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One statement: on PostgreSQL the conflicting row is locked and the WHERE is judged on its latest version, so
        // of two nodes racing exactly one gets the claim; SQLite has one writer anyway.
        var claimed = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            $"""
            INSERT INTO oauth_tokens (account_id, user_address, status, claimed_by, claimed_until, version)
            VALUES (@accountId, @user, 'ok', @claimant, {Now} + @ttl, 0)
            ON CONFLICT (account_id, user_address) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
            WHERE oauth_tokens.claimed_by IS NULL OR oauth_tokens.claimed_until <= {Now} OR oauth_tokens.claimed_by = excluded.claimed_by
            RETURNING version
            """,
            new { accountId, user = Key(userAddress), claimant, ttl = (long)timeToLive.TotalMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return claimed is not null;
    }

    /// <summary>
    /// Keeps a renewed access token, and the rotated refresh token when there is one, in one write; marks the sign-in
    /// working and ends <paramref name="claimant"/>'s claim. Written even if the claim ran out meanwhile: the provider
    /// may have spent the old refresh token, so the newest answer is the one to keep.
    /// </summary>
    public async Task SaveRenewedAsync(long accountId, string? userAddress, string claimant, RenewedAccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO oauth_tokens (account_id, user_address, refresh_token, access_token, access_issued_at, access_expires_at, status, status_at, version)
            VALUES (@accountId, @user, @refresh, @access, @issued, @expires, 'ok', @issued, 1)
            ON CONFLICT (account_id, user_address) DO UPDATE SET
                refresh_token = COALESCE(excluded.refresh_token, oauth_tokens.refresh_token),
                access_token = excluded.access_token, access_issued_at = excluded.access_issued_at,
                access_expires_at = excluded.access_expires_at,
                status_at = CASE WHEN oauth_tokens.status = 'ok' THEN oauth_tokens.status_at ELSE excluded.status_at END,
                status = 'ok', status_reason = NULL, status_account_version = NULL,
                claimed_by = CASE WHEN oauth_tokens.claimed_by = @claimant THEN NULL ELSE oauth_tokens.claimed_by END,
                claimed_until = CASE WHEN oauth_tokens.claimed_by = @claimant THEN NULL ELSE oauth_tokens.claimed_until END,
                version = oauth_tokens.version + 1
            """,
            new
            {
                accountId,
                user = Key(userAddress),
                refresh = protector.SealOrNull(token.RefreshToken),
                access = protector.Seal(token.AccessToken),
                issued = token.IssuedAt.ToUnixTimeMilliseconds(),
                expires = token.ExpiresAt.ToUnixTimeMilliseconds(),
                claimant,
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps what a person's sign-in gave (authorization code, device code): the refresh token replaces any before it,
    /// the sign-in works again from now, and any renewal claim is dropped (it renewed with a token that is gone).
    /// </summary>
    public async Task SaveSignInAsync(long accountId, string? userAddress, RenewedAccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO oauth_tokens (account_id, user_address, refresh_token, access_token, access_issued_at, access_expires_at, status, status_at, version)
            VALUES (@accountId, @user, @refresh, @access, @issued, @expires, 'ok', @issued, 1)
            ON CONFLICT (account_id, user_address) DO UPDATE SET
                refresh_token = excluded.refresh_token, access_token = excluded.access_token,
                access_issued_at = excluded.access_issued_at, access_expires_at = excluded.access_expires_at,
                status = 'ok', status_reason = NULL, status_at = excluded.status_at, status_account_version = NULL,
                claimed_by = NULL, claimed_until = NULL, version = oauth_tokens.version + 1
            """,
            new
            {
                accountId,
                user = Key(userAddress),
                refresh = protector.SealOrNull(token.RefreshToken),
                access = protector.Seal(token.AccessToken),
                issued = token.IssuedAt.ToUnixTimeMilliseconds(),
                expires = token.ExpiresAt.ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks the sign-in as needing a person, with the provider's words, and ends <paramref name="claimant"/>'s claim.
    /// The kept access token is dropped: it must not be handed out as if renewing had worked.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="userAddress">Null or empty for the account's own sign-in.</param>
    /// <param name="claimant">Who held the claim (null when no claim was taken).</param>
    /// <param name="reason">What the provider said, shown as it is.</param>
    /// <param name="accountVersion">The account's version now: an edit after it is worth another try.</param>
    /// <param name="at">When (this installation's clock).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task MarkSignInNeededAsync(long accountId, string? userAddress, string? claimant, string reason, long accountVersion, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO oauth_tokens (account_id, user_address, status, status_reason, status_at, status_account_version, version)
            VALUES (@accountId, @user, 'sign-in-needed', @reason, @at, @accountVersion, 1)
            ON CONFLICT (account_id, user_address) DO UPDATE SET
                access_token = NULL, access_issued_at = NULL, access_expires_at = NULL,
                status = 'sign-in-needed', status_reason = excluded.status_reason, status_at = excluded.status_at,
                status_account_version = excluded.status_account_version,
                claimed_by = CASE WHEN oauth_tokens.claimed_by = @claimant THEN NULL ELSE oauth_tokens.claimed_by END,
                claimed_until = CASE WHEN oauth_tokens.claimed_by = @claimant THEN NULL ELSE oauth_tokens.claimed_until END,
                version = oauth_tokens.version + 1
            """,
            new { accountId, user = Key(userAddress), reason, at = at.ToUnixTimeMilliseconds(), accountVersion, claimant = claimant ?? "" },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Ends <paramref name="claimant"/>'s claim without changing the tokens (renewing failed for a while, e.g. the provider was down).</summary>
    public async Task ReleaseClaimAsync(long accountId, string? userAddress, string claimant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE oauth_tokens SET claimed_by = NULL, claimed_until = NULL WHERE account_id = @accountId AND user_address = @user AND claimed_by = @claimant",
            new { accountId, user = Key(userAddress), claimant }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Whether someone other than <paramref name="claimant"/> holds a claim that has not run out.</summary>
    public async Task<bool> IsClaimedByOtherAsync(long accountId, string? userAddress, string claimant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM oauth_tokens WHERE account_id = @accountId AND user_address = @user AND claimed_by IS NOT NULL AND claimed_by <> @claimant AND claimed_until > {Now}",
            new { accountId, user = Key(userAddress), claimant }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return count > 0;
    }

    /// <summary>Forgets the tokens of one sign-in (the sign-in method changed, or the user's personal version went).</summary>
    public async Task DeleteAsync(long accountId, string? userAddress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM oauth_tokens WHERE account_id = @accountId AND user_address = @user",
            new { accountId, user = Key(userAddress) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The sign-in state of every account's own sign-in and every user's, for the account views (no token leaves here).</summary>
    public async Task<IReadOnlyList<OAuthSignInState>> ListStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long AccountId, string UserAddress, string Status, string? Reason, long? StatusAt, long HasRefresh)>(new CommandDefinition(
            """
            SELECT account_id, user_address, status, status_reason, status_at, CASE WHEN refresh_token IS NULL THEN 0 ELSE 1 END
            FROM oauth_tokens ORDER BY account_id, user_address
            """, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new OAuthSignInState(r.AccountId, r.UserAddress, r.Status == SignInNeededStatus, r.Reason,
            r.StatusAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, r.HasRefresh != 0)).ToList();
    }

    /// <summary>The state of one sign-in; null when nothing was ever kept for it.</summary>
    public async Task<OAuthSignInState?> GetStateAsync(long accountId, string? userAddress, CancellationToken cancellationToken)
    {
        var token = await GetAsync(accountId, userAddress, cancellationToken).ConfigureAwait(false);
        return token is null ? null : new OAuthSignInState(token.AccountId, token.UserAddress, token.SignInNeeded, token.Reason, token.StateAt, token.RefreshToken is not null);
    }

    private const string SignInNeededStatus = "sign-in-needed";

    private static string Key(string? userAddress) => string.IsNullOrWhiteSpace(userAddress) ? "" : userAddress.Trim().ToLowerInvariant();

    private StoredOAuthToken ToToken(Row row) => new(row.AccountId, row.UserAddress, row.Version)
    {
        RefreshToken = protector.UnsealOrNull(row.RefreshToken),
        AccessToken = protector.UnsealOrNull(row.AccessToken),
        IssuedAt = row.IssuedAt is { } issued ? DateTimeOffset.FromUnixTimeMilliseconds(issued) : null,
        ExpiresAt = row.ExpiresAt is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null,
        SignInNeeded = row.Status == SignInNeededStatus,
        Reason = row.Reason,
        StateAt = row.StatusAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        StateAccountVersion = row.StatusAccountVersion,
    };

    private sealed class Row
    {
        public long AccountId { get; init; }

        public string UserAddress { get; init; } = "";

        public byte[]? RefreshToken { get; init; }

        public byte[]? AccessToken { get; init; }

        public long? IssuedAt { get; init; }

        public long? ExpiresAt { get; init; }

        public string Status { get; init; } = "";

        public string? Reason { get; init; }

        public long? StatusAt { get; init; }

        public long? StatusAccountVersion { get; init; }

        public long Version { get; init; }
    }
}
