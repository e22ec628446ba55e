using Mailroom.Shapes;
using Mailroom.Web.Monitors;

namespace Mailroom.Api;

/// <summary>An account's monitor as <c>GET /api/monitors</c> lists it; <c>State</c> is enabled, paused or none.</summary>
internal sealed record MonitorStatusView(
    string Account,
    string AccountType,
    string State,
    string? Folder,
    int? IntervalSeconds,
    string? PostAction,
    string? DefaultCustomer,
    DateTimeOffset? LastCheckAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    MonitorTotalsView? Totals)
{
    /// <summary>The account's OAuth 2.0 sign-in (ok or sign-in needed, why, since when); null for a password account.</summary>
    public Engine.OAuth.SignInStatus? SignIn { get; init; }

    /// <summary>The check running now, if it is long work (more than one batch); null otherwise.</summary>
    public MonitorProgressView? Progress { get; init; }

    public static MonitorStatusView From(MonitorStatus status)
    {
        var a = status.Account;
        if (status.Monitor is not { } m)
        {
            return new(a.Name, a.Type.ToString().ToLowerInvariant(), status.State, null, null, null, null, null, null, null, null);
        }

        var v = MonitorView.Of(a, m, [], []);
        return new(v.Account, v.AccountType, status.State, v.Folder, v.IntervalSeconds, v.PostAction, v.DefaultCustomer, v.LastCheckAt, v.LastError, v.LastErrorAt, v.Totals);
    }
}
