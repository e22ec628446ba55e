namespace Mailroom.Web;

/// <summary>The authorization policies of the pages and the API, and the claims they read.</summary>
internal static class MailroomPolicies
{
    /// <summary>E-mail Options, monitors, users and API tokens.</summary>
    public const string Administrator = "Administrator";

    /// <summary>Records and personal settings: agents, and administrators who also work the desk.</summary>
    public const string Agent = "Agent";

    /// <summary>The HTTP API: a bearer API token, never the sign-in cookie (so no cross-site request can use it), of either role.</summary>
    public const string Api = "Api";

    /// <summary>The administrators' part of the API (accounts, monitors, tokens, users, audit, outbox): an administrator token.</summary>
    public const string ApiAdministrator = "ApiAdministrator";

    public const string ApiTokenScheme = "ApiToken";

    public const string UserIdClaim = "mailroom:user_id";

    public const string SecurityStampClaim = "mailroom:security_stamp";

    public const string TokenIdClaim = "mailroom:token_id";
}
