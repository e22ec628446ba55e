using Mailroom.Data.Monitor;
using Mailroom.Web.Monitors;

namespace Mailroom.Api;

/// <summary>A message in the Not handled list as the API shows it (the raw message stays on the server).</summary>
internal sealed record NotHandledView(long Id, string Account, string? Reason, string? From, string? Subject, string? MessageId, long? Size, DateTimeOffset? ReceivedAt, DateTimeOffset? FiledAt)
{
    public static NotHandledView Of(ReceivedMessage r, string account) =>
        new(r.Id, account, r.Reason, r.Sender, r.Subject, r.MessageId, r.Size, MonitorStatus.Time(r.ReceivedAt), MonitorStatus.Time(r.FiledAt));
}
