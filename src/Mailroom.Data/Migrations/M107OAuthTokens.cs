namespace Mailroom.Data.Migrations;

/// <summary>
/// The OAuth 2.0 tokens of accounts that sign in with OAuth: one row per account and user (an empty user is the
/// account's own sign-in). Refresh and access tokens are sealed with Data Protection, never stored plain; refresh
/// tokens run to several kilobytes, so they are bytes without a length limit. <c>claimed_by</c>/<c>claimed_until</c>
/// (the database's clock) say which node is renewing now, so two nodes never spend one refresh token twice.
/// Deleting an account deletes its tokens.
/// </summary>
internal sealed class M107OAuthTokens : IMigration
{
    public int Version => 107;

    public string Name => "oauth tokens";

    public string Sql => """
        CREATE TABLE oauth_tokens (
            account_id $BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_address TEXT NOT NULL,
            refresh_token $BLOB NULL,
            access_token $BLOB NULL,
            access_issued_at $BIGINT NULL,
            access_expires_at $BIGINT NULL,
            status TEXT NOT NULL,
            status_reason TEXT NULL,
            status_at $BIGINT NULL,
            status_account_version $BIGINT NULL,
            claimed_by TEXT NULL,
            claimed_until $BIGINT NULL,
            version $BIGINT NOT NULL,
            PRIMARY KEY (account_id, user_address)
        )
        """;
}
