using Mailroom.Web;

namespace Mailroom.Api;

/// <summary>The HTTP API under <c>/api</c>: JSON, bearer API tokens, ProblemDetails, and an OpenAPI document.</summary>
internal static class MailroomApi
{
    public static IServiceCollection AddMailroomApiServices(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        return services;
    }

    public static IEndpointRouteBuilder MapMailroomApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        var api = app.MapGroup("/api").RequireAuthorization(MailroomPolicies.Api).DisableAntiforgery();
        api.MapAccountsApi();
        api.MapTokensApi();
        api.MapMonitorsApi();
        api.MapRecordsApi();
        api.MapAuditApi();
        return app;
    }
}
