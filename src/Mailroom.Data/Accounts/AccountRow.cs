namespace Mailroom.Data.Accounts;

/// <summary>One row of <c>accounts</c> as Dapper reads and writes it; property names are the column names.</summary>
internal sealed class AccountRow
{
    public const string Columns =
        "owner, owner_key, name, name_key, type, available_to_users, exchange_domain, exchange_server, exchange_use_ssl, " +
        "incoming_host, incoming_port, incoming_security, smtp_host, smtp_port, smtp_security, smtp_use_incoming_credentials, " +
        "smtp_has_own_credentials, smtp_user, smtp_password_sealed, user_name, password_sealed, allow_invalid_certificate, " +
        "server_settings_locked, credentials_locked, conversation_id, from_allow_user_address, from_allow_arbitrary, from_default, " +
        "history_attach_to_record, history_attach_to_customer, history_import_attachments, " +
        "oauth_provider, oauth_client_id, oauth_flow, oauth_client_secret_sealed, oauth_client_certificate_sealed, oauth_tenant, " +
        "oauth_authority, oauth_authorize_url, oauth_token_url, oauth_scopes, graph_mailbox, graph_url, version, created_at, updated_at";

    public static string Parameters { get; } = string.Join(", ", Columns.Split(", ").Select(c => "@" + c));

    public static string Assignments { get; } = string.Join(", ", Columns.Split(", ")
        .Where(c => c is not "created_at" and not "version")
        .Select(c => $"{c} = @{c}"));

#pragma warning disable SA1300, IDE1006 // Named as the columns, so one name maps both ways.
    public long id { get; set; }

    public string? owner { get; set; }

    public string owner_key { get; set; } = "";

    public string name { get; set; } = "";

    public string name_key { get; set; } = "";

    public string type { get; set; } = "";

    public bool available_to_users { get; set; }

    public string? exchange_domain { get; set; }

    public string? exchange_server { get; set; }

    public bool? exchange_use_ssl { get; set; }

    public string? incoming_host { get; set; }

    public int? incoming_port { get; set; }

    public string? incoming_security { get; set; }

    public string? smtp_host { get; set; }

    public int? smtp_port { get; set; }

    public string? smtp_security { get; set; }

    public bool? smtp_use_incoming_credentials { get; set; }

    public bool? smtp_has_own_credentials { get; set; }

    public string? smtp_user { get; set; }

    public byte[]? smtp_password_sealed { get; set; }

    public string? user_name { get; set; }

    public byte[]? password_sealed { get; set; }

    public bool allow_invalid_certificate { get; set; }

    public bool server_settings_locked { get; set; }

    public bool credentials_locked { get; set; }

    public string conversation_id { get; set; } = "";

    public bool from_allow_user_address { get; set; }

    public bool from_allow_arbitrary { get; set; }

    public string? from_default { get; set; }

    public bool history_attach_to_record { get; set; }

    public bool history_attach_to_customer { get; set; }

    public bool history_import_attachments { get; set; }

    public string? oauth_provider { get; set; }

    public string? oauth_client_id { get; set; }

    public string? oauth_flow { get; set; }

    public byte[]? oauth_client_secret_sealed { get; set; }

    public byte[]? oauth_client_certificate_sealed { get; set; }

    public string? oauth_tenant { get; set; }

    public string? oauth_authority { get; set; }

    public string? oauth_authorize_url { get; set; }

    public string? oauth_token_url { get; set; }

    public string? oauth_scopes { get; set; }

    public string? graph_mailbox { get; set; }

    public string? graph_url { get; set; }

    public long version { get; set; }

    public long created_at { get; set; }

    public long updated_at { get; set; }
#pragma warning restore SA1300, IDE1006
}
