namespace Mailroom.Data.Accounts;

/// <summary>One row of <c>personal_account_versions</c>; property names are the column names.</summary>
internal sealed class PersonalVersionRow
{
    public const string Columns =
        "account_id, user_address, user_key, override_credentials, user_name, password_sealed, exchange_domain, exchange_server, " +
        "exchange_use_ssl, incoming_host, incoming_port, incoming_security, smtp_host, smtp_port, smtp_security, " +
        "smtp_use_incoming_credentials, smtp_has_own_credentials, smtp_user, smtp_password_sealed, version, created_at, updated_at";

    public static string Parameters { get; } = string.Join(", ", Columns.Split(", ").Select(c => "@" + c));

#pragma warning disable SA1300, IDE1006 // Named as the columns, so one name maps both ways.
    public long id { get; set; }

    public long account_id { get; set; }

    public string user_address { get; set; } = "";

    public string user_key { get; set; } = "";

    public bool override_credentials { get; set; }

    public string? user_name { get; set; }

    public byte[]? password_sealed { get; set; }

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

    public long version { get; set; }

    public long created_at { get; set; }

    public long updated_at { get; set; }
#pragma warning restore SA1300, IDE1006
}
