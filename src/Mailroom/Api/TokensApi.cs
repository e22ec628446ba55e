using Mailroom.Users;

namespace Mailroom.Api;

/// <summary>API tokens as the API sees them: listed (never their values) and revoked.</summary>
internal static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapGet("/", async (ApiTokenService service, CancellationToken ct) => TypedResults.Ok(await service.Store.ListAsync(ct)));
        tokens.MapDelete("/{id:long}", async Task<IResult> (long id, ApiTokenService service, CancellationToken ct) =>
            await service.Store.RevokeAsync(id, ct)
                ? TypedResults.NoContent()
                : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No active API token has the id {id}."));
        return api;
    }
}
