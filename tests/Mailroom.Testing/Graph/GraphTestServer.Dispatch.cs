using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>
/// One request, from HTTP or from a batch, in Graph's order: the resource path, the mailbox and the caller's right
/// to it, then Outlook's limits per app and mailbox (injected faults, 10,000 requests per 10 minutes, 15 MB uploaded
/// per 30 seconds, 4 at once), then the operation.
/// </summary>
public sealed partial class GraphTestServer
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan UploadWindow = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(string App, string Mailbox), Queue<(DateTimeOffset At, long Bytes)>> _uploads = new();
    private readonly ConcurrentDictionary<(string App, string Mailbox), Queue<DateTimeOffset>> _rates = new();
    private readonly ConcurrentDictionary<(string App, string Mailbox), int> _concurrent = new();

    internal async Task<GraphAnswer> DispatchAsync(GraphCall call)
    {
        var (route, error) = GraphRoute.Parse(call.Method, call.Url);
        if (route is null)
        {
            return Finish(call, GraphRequestKind.Other, null, error!);
        }

        var (mailbox, refusal) = ResolveMailbox(route, call.Identity);
        if (mailbox is null)
        {
            return Finish(call, route.Kind, null, refusal!);
        }

        if (!Permitted(route.Kind, call.Identity, mailbox))
        {
            return Finish(call, route.Kind, mailbox, GraphError.AccessDenied());
        }

        if (mailbox.Blocks(call.Identity.AppId) && call.Identity.IsAppOnly)
        {
            return Finish(call, route.Kind, mailbox, GraphError.Create(403, "ErrorAccessDenied",
                "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings."));
        }

        var fault = TakeServerFault(route.Kind) ?? mailbox.TakeFault(route.Kind);
        if (fault is { Mode: GraphFaultMode.Drop })
        {
            return Finish(call, route.Kind, mailbox, GraphAnswer.Dropped());
        }

        if (fault is { Mode: GraphFaultMode.Answer })
        {
            return Finish(call, route.Kind, mailbox, FaultAnswer(fault));
        }

        var key = (call.Identity.AppId ?? "", mailbox.Address.ToLowerInvariant());
        if (OverRate(key) is { } wait)
        {
            return Finish(call, route.Kind, mailbox, Throttled("Application is over its MailboxRequestRate limit.", wait));
        }

        if (call.Method is "POST" or "PATCH" or "PUT" && OverUpload(key, call.Body.Length) is { } uploadWait)
        {
            return Finish(call, route.Kind, mailbox, Throttled("Application is over its IncomingBytes limit.", uploadWait));
        }

        if (_concurrent.AddOrUpdate(key, 1, (_, n) => n + 1) > Options.ConcurrentRequestsPerMailbox)
        {
            _concurrent.AddOrUpdate(key, 0, (_, n) => n - 1);
            return Finish(call, route.Kind, mailbox, Throttled("Application is over its MailboxConcurrency limit.", TimeSpan.FromSeconds(1)));
        }

        mailbox.Enter();
        GraphAnswer answer;
        try
        {
            await mailbox.WaitWhileHeldAsync();
            answer = Handle(new GraphContext(this, call, route, mailbox));
        }
        catch (Exception e)
        {
            answer = GraphError.Create(500, "generalException", "An unspecified error has occurred: " + e.Message);
        }
        finally
        {
            mailbox.Leave();
            _concurrent.AddOrUpdate(key, 0, (_, n) => n - 1);
        }

        answer.Cut = fault is { Mode: GraphFaultMode.Cut };
        return Finish(call, route.Kind, mailbox, answer);
    }

    private GraphAnswer Handle(GraphContext context) => context.Route.Kind switch
    {
        GraphRequestKind.ListFolders or GraphRequestKind.ListChildFolders => GraphFolders.List(context),
        GraphRequestKind.GetFolder => GraphFolders.Get(context),
        GraphRequestKind.CreateFolder => GraphFolders.Create(context),
        GraphRequestKind.ListMessages => GraphMessages.List(context),
        GraphRequestKind.GetMessage => GraphMessages.Get(context),
        GraphRequestKind.GetMime => GraphMessages.Mime(context),
        GraphRequestKind.UpdateMessage => GraphMessages.Update(context),
        GraphRequestKind.MoveMessage => GraphMessages.Move(context),
        GraphRequestKind.DeleteMessage => GraphMessages.Delete(context),
        GraphRequestKind.Delta => GraphDelta.Handle(context),
        GraphRequestKind.SendMail => GraphSendMail.Handle(context),
        _ => GraphError.MethodNotAllowed(),
    };

    private GraphAnswer Finish(GraphCall call, GraphRequestKind kind, GraphTestMailbox? mailbox, GraphAnswer answer)
    {
        Counters.Count(kind, call.InBatch, answer.Status);
        _requests.Enqueue(new GraphRecordedRequest(call.Method, call.Url, kind, mailbox?.Address, answer.Status, call.InBatch, call.Header("Prefer")));
        return answer;
    }

    private (GraphTestMailbox?, GraphAnswer?) ResolveMailbox(GraphRoute route, GraphIdentity identity)
    {
        if (route.Me)
        {
            if (identity.IsAppOnly)
            {
                return (null, GraphError.BadRequest("/me request is only valid with delegated authentication flow."));
            }

            return FindMailbox(identity.User!) is { } own
                ? (own, null)
                : (null, GraphError.Create(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise."));
        }

        return FindMailbox(route.User!) is { } mailbox
            ? (mailbox, null)
            : (null, GraphError.Create(404, "ErrorInvalidUser", $"The requested user '{route.User}' is invalid."));
    }

    /// <summary>The permission tables of the reference pages: reads need Mail.Read (or Mail.ReadWrite, or
    /// Mail.ReadBasic for folders and delta), changes Mail.ReadWrite, sendMail Mail.Send; a delegated caller reaching
    /// another user's mailbox needs the <c>.Shared</c> scope and access to that mailbox.</summary>
    private bool Permitted(GraphRequestKind kind, GraphIdentity identity, GraphTestMailbox mailbox)
    {
        if (!Options.RequirePermissions)
        {
            return true;
        }

        string[] needed = kind switch
        {
            GraphRequestKind.ListFolders or GraphRequestKind.GetFolder or GraphRequestKind.ListChildFolders or GraphRequestKind.Delta
                or GraphRequestKind.ListMessages => ["Mail.ReadBasic", "Mail.ReadBasic.All", "Mail.Read", "Mail.ReadWrite"],
            GraphRequestKind.GetMessage or GraphRequestKind.GetMime => ["Mail.Read", "Mail.ReadWrite"],
            GraphRequestKind.SendMail => ["Mail.Send"],
            _ => ["Mail.ReadWrite"],
        };

        if (identity.IsAppOnly)
        {
            return needed.Any(identity.Permissions.Contains);
        }

        var own = mailbox.Address.Equals(identity.User, StringComparison.OrdinalIgnoreCase);
        if (own)
        {
            return needed.Any(identity.Permissions.Contains);
        }

        return mailbox.HasDelegate(identity.User!) && needed.Any(p => identity.Permissions.Contains(p + ".Shared"));
    }

    private TimeSpan? OverRate((string App, string Mailbox) key)
    {
        var now = Options.Clock.GetUtcNow();
        var times = _rates.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            while (times.Count > 0 && times.Peek() <= now - RateWindow)
            {
                times.Dequeue();
            }

            if (times.Count >= Options.RequestsPerTenMinutes)
            {
                return times.Peek() + RateWindow - now;
            }

            times.Enqueue(now);
            return null;
        }
    }

    private TimeSpan? OverUpload((string App, string Mailbox) key, long bytes)
    {
        var now = Options.Clock.GetUtcNow();
        var uploads = _uploads.GetOrAdd(key, _ => new Queue<(DateTimeOffset, long)>());
        lock (uploads)
        {
            while (uploads.Count > 0 && uploads.Peek().At <= now - UploadWindow)
            {
                uploads.Dequeue();
            }

            var sum = uploads.Sum(u => u.Bytes);
            if (uploads.Count > 0 && sum + bytes > Options.UploadBytesPerThirtySeconds)
            {
                return uploads.Peek().At + UploadWindow - now;
            }

            uploads.Enqueue((now, bytes));
            return null;
        }
    }

    private GraphAnswer FaultAnswer(GraphFault fault)
    {
        JsonObject? inner = fault.Status == 429
            ? new JsonObject { ["code"] = "429", ["message"] = "Please retry after", ["status"] = "429" }
            : null;
        var answer = GraphError.Create(fault.Status, fault.Code, fault.Message, inner);
        if (fault.RetryAfterHeader(Options.Clock.GetUtcNow()) is { } retryAfter)
        {
            answer.With("Retry-After", retryAfter);
        }

        return answer;
    }

    private static GraphAnswer Throttled(string message, TimeSpan wait) =>
        GraphError.Create(429, "ApplicationThrottled", message)
            .With("Retry-After", Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
}
