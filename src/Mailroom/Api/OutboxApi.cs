using System.Globalization;
using System.Security.Claims;
using Mailroom.Data.Outbox;

namespace Mailroom.Api;

/// <summary>
/// <c>POST /api/outbox/{id}/cancel</c>: as the Outbox page's Cancel and <c>mailroom outbox cancel</c>, for
/// administrator tokens: 200 when cancelled (kept as failed, saying who), 404 unknown, 409 already sent or failed, or
/// being handed to the server right now.
/// </summary>
internal static class OutboxApi
{
    public static RouteGroupBuilder MapOutboxApi(this RouteGroupBuilder api)
    {
        api.MapPost("/outbox/{id:long}/cancel", (long id, OutboxStore outbox, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var key = id.ToString(CultureInfo.InvariantCulture);
            return await outbox.CancelAsync(id, $"{user.Identity?.Name ?? "unknown"} (API token)", ct) switch
            {
                OutboxCancelResult.Cancelled => TypedResults.Ok(new { id, state = "failed" }),
                OutboxCancelResult.NotFound => ApiResults.NotFound($"No outbox message {key}."),
                OutboxCancelResult.Finished => ApiResults.Conflict($"Outbox message {key} was sent or failed already; there is nothing to cancel."),
                _ => (IResult)ApiResults.Conflict($"Outbox message {key} is being handed to the server right now and cannot be called back."),
            };
        })).WithTags("Outbox");
        return api;
    }
}
