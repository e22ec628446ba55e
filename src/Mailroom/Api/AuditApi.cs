using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Audit;
using Mailroom.Shapes;

namespace Mailroom.Api;

/// <summary>
/// <c>GET /api/audit</c>: the audit log, newest first, with the filters and answers of <c>mailroom audit list</c>
/// (a bad <c>since</c> or <c>limit</c> is a 400 under its name, an unknown account a 404). Field names, never values.
/// </summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        // Filters are read as text so that a bad one is reported under its own name, as the command does.
        api.MapGet("/audit", (string? account, string? since, string? limit, AccountStore accounts, AuditLog audit, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var problems = new List<ValidationProblem>();
            var (sinceValue, limitValue) = AuditFilters.Parse(since, limit, problems);
            if (problems.Count > 0)
            {
                return ApiResults.Invalid(problems);
            }

            var ids = account is null ? null : await AuditFilters.AccountIdsAsync(accounts, audit, account, ct);
            var entries = await audit.ListAsync(new AuditQuery(ids, sinceValue, limitValue), ct);
            return TypedResults.Ok(entries.Select(AuditEntryView.From));
        })).WithTags("Audit");
        return api;
    }
}
