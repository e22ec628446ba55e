namespace Mailroom.Data.Migrations;

/// <summary>
/// OAuth 2.0 sign-in settings and the Microsoft Graph mailbox on accounts. <c>oauth_provider</c> null means password
/// sign-in. The client secret and the client certificate are sealed bytes like passwords, never text; scopes are kept
/// space-separated, as OAuth itself writes them (a scope cannot contain a space, RFC 6749 section 3.3). A person's
/// tokens are not here: the token store keeps them apart, so an edit or a copy of an account never carries them.
/// </summary>
internal sealed class M106AccountOAuthAndGraph : IMigration
{
    public int Version => 106;

    public string Name => "account oauth and graph settings";

    public string Sql => """
        ALTER TABLE accounts ADD COLUMN oauth_provider TEXT NULL;
        ALTER TABLE accounts ADD COLUMN oauth_client_id TEXT NULL;
        ALTER TABLE accounts ADD COLUMN oauth_flow TEXT NULL;
        ALTER TABLE accounts ADD COLUMN oauth_client_secret_sealed $BLOB NULL;
        ALTER TABLE accounts ADD COLUMN oauth_client_certificate_sealed $BLOB NULL;
        ALTER TABLE accounts ADD COLUMN oauth_tenant TEXT NULL;
        ALTER TABLE accounts ADD COLUMN oauth_authority TEXT NULL;
        ALTER TABLE accounts ADD COLUMN oauth_authorize_url TEXT NULL;
        ALTER TABLE accounts ADD COLUMN oauth_token_url TEXT NULL;
        ALTER TABLE accounts ADD COLUMN oauth_scopes TEXT NULL;
        ALTER TABLE accounts ADD COLUMN graph_mailbox TEXT NULL;
        ALTER TABLE accounts ADD COLUMN graph_url TEXT NULL
        """;
}
