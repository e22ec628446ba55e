using Mailroom.Mail.OAuth;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Engine.OAuth;

/// <summary>Registers the token source the transports ask for OAuth 2.0 accounts' tokens, and what signing in needs.</summary>
internal static class OAuthServices
{
    public static IServiceCollection AddMailroomOAuth(this IServiceCollection services)
    {
        services.TryAddSingleton(new OAuthTokenSourceOptions());
        services.TryAddSingleton<IOAuthGrants, TokenClientGrants>();
        services.TryAddSingleton<StoredAccessTokenSource>();
        services.TryAddSingleton<IAccessTokenSource>(sp => sp.GetRequiredService<StoredAccessTokenSource>());
        services.TryAddSingleton<OAuthSignIn>();
        return services;
    }
}
