namespace Mailroom.Health;

/// <summary>
/// <c>/healthz</c> (the process answers) and <c>/readyz</c> (it may take traffic), for load balancers and
/// supervisors: no sign-in, a one-word body and nothing else, so they tell an outsider nothing about the installation.
/// </summary>
internal static class HealthEndpoints
{
    public static IServiceCollection AddMailroomHealth(this IServiceCollection services) => services.AddSingleton<ReadinessCheck>();

    public static IEndpointRouteBuilder MapMailroomHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok\n", "text/plain; charset=utf-8")).AllowAnonymous().DisableAntiforgery();
        app.MapGet("/readyz", async Task<IResult> (ReadinessCheck check, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return await check.IsReadyAsync(ct)
                ? TypedResults.Text("ready\n", "text/plain; charset=utf-8")
                : TypedResults.Text("not ready\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous().DisableAntiforgery();
        return app;
    }
}
