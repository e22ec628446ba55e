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

        // Records are the desk's work, for agent and administrator tokens; everything else needs an administrator token.
        api.MapRecordsApi();
        var admin = api.MapGroup("").RequireAuthorization(MailroomPolicies.ApiAdministrator);
        admin.MapAccountsApi();
        admin.MapTokensApi();
        admin.MapMonitorsApi();
        admin.MapAuditApi();
        admin.MapUsersApi();
        admin.MapOutboxApi();
        return app;
    }
}
