using Mailroom.Core.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;

namespace Mailroom.Shapes;

/// <summary>A monitor as <c>monitor show --json</c> and <c>monitor list --json</c> print it.</summary>
/// <param name="DefaultCustomer">The address of the customer who stands in when the sender is not a customer, or null.</param>
internal sealed record MonitorView(
    string Account,
    string AccountType,
    bool Enabled,
    string Folder,
    int IntervalSeconds,
    string PostAction,
    string? DefaultCustomer,
    DateTimeOffset? LastCheckAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    MonitorTotalsView Totals,
    IReadOnlyList<MonitorItemView> Items,
    IReadOnlyList<SkipRuleView> SkipRules)
{
    /// <summary>The account's OAuth 2.0 sign-in (ok or sign-in needed, why, since when); null for a password account.</summary>
    public Engine.OAuth.SignInStatus? SignIn { get; init; }

    /// <summary>
    /// The check running now, if it is long work (more than one batch); left out when none runs, so that
    /// <c>monitor show --json</c> reads as it always has.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public MonitorProgressView? Progress { get; init; }

    public static MonitorView Of(Account account, MonitorSettings m, IReadOnlyList<MonitorItemRow> items, IReadOnlyList<SkipRuleRow> skipRules) => new(
        account.Name,
        account.Type.ToString().ToLowerInvariant(),
        m.Enabled,
        m.Folder,
        m.IntervalSeconds,
        account.Type == Core.Accounts.AccountType.Pop3 ? "delete" : m.PostAction,
        m.DefaultCustomerAddress,
        Time(m.LastCheckAt),
        m.LastError,
        Time(m.LastErrorAt),
        new MonitorTotalsView(m.FetchedTotal, m.FiledExistingTotal, m.NewRecordsTotal, m.SkippedTotal, m.NotHandledTotal),
        [
            new MonitorItemView(null, 0, "Skip", true, null),
            .. items.Select((item, i) => new MonitorItemView(item.Id, i + 1, item.Name, false, MonitorItemRules.ParseJson(item.Definition))),
            new MonitorItemView(null, items.Count + 1, "Default", true, m.DefaultItem is null ? null : MonitorItemRules.ParseJson(m.DefaultItem)),
        ],
        skipRules.Select(r => new SkipRuleView(r.Id, MonitorItemRules.ParseJson(r.Definition))).ToList());

    internal static DateTimeOffset? Time(long? unixMilliseconds) =>
        unixMilliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}

internal sealed record MonitorTotalsView(long Fetched, long FiledExisting, long NewRecords, long Skipped, long NotHandled);

internal sealed record MonitorItemView(long? Id, int Position, string Name, bool Fixed, System.Text.Json.JsonElement? Definition);

internal sealed record SkipRuleView(long Id, System.Text.Json.JsonElement? Rule);
