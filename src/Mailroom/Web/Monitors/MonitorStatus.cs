using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;

namespace Mailroom.Web.Monitors;

/// <summary>An account and its monitor, if it has one: what the Monitors page, the Accounts list and the API show.</summary>
public sealed record MonitorStatus(Account Account, MonitorSettings? Monitor)
{
    public const string Enabled = "enabled";
    public const string Paused = "paused";
    public const string None = "none";

    /// <summary><see cref="Enabled"/>, <see cref="Paused"/> or <see cref="None"/> (no monitor set up).</summary>
    public string State => Monitor is null ? None : Monitor.Enabled ? Enabled : Paused;

    /// <summary>The last check's error, if the last check failed (a later good check clears it).</summary>
    public string? LastError => Monitor?.LastError;

    /// <summary>Every global account with its monitor, by account name.</summary>
    public static async Task<IReadOnlyList<MonitorStatus>> ListAsync(AccountStore accounts, MonitorStore monitors, CancellationToken cancellationToken)
    {
        var byAccount = (await monitors.ListAsync(cancellationToken)).ToDictionary(m => m.AccountId);
        return (await accounts.ListAsync(cancellationToken)).Select(a => new MonitorStatus(a, byAccount.GetValueOrDefault(a.Id))).ToList();
    }

    public static DateTimeOffset? Time(long? unixMilliseconds) =>
        unixMilliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static string Format(long? unixMilliseconds) =>
        Time(unixMilliseconds) is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "never";
}
