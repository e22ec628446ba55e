using System.Globalization;
using Mailroom.Data.Users;
using Mailroom.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Web;

/// <summary>What the web host adds to the services: users and tokens, sign-in, policies and the pages.</summary>
internal static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddMailroomUsers(this IServiceCollection services)
    {
        services.TryAddSingleton<UserDirectory>();
        services.TryAddSingleton<ApiTokenService>();
        services.TryAddSingleton<FirstAdministratorSetup>();
        return services;
    }

    public static IServiceCollection AddMailroomSignIn(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "mailroom.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/access-denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateSecurityStampAsync;

                // The API answers with status codes, never with a redirect to the sign-in page.
                options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(MailroomPolicies.ApiTokenScheme, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(MailroomPolicies.Administrator, p => p.RequireRole(nameof(UserRole.Administrator)))
            .AddPolicy(MailroomPolicies.Agent, p => p.RequireRole(nameof(UserRole.Agent), nameof(UserRole.Administrator)))
            .AddPolicy(MailroomPolicies.Api, p => p
                .AddAuthenticationSchemes(MailroomPolicies.ApiTokenScheme)
                .RequireAuthenticatedUser()
                .RequireRole(nameof(UserRole.Agent), nameof(UserRole.Administrator)))
            .AddPolicy(MailroomPolicies.ApiAdministrator, p => p
                .AddAuthenticationSchemes(MailroomPolicies.ApiTokenScheme)
                .RequireAuthenticatedUser()
                .RequireRole(nameof(UserRole.Administrator)));
        return services;
    }

    public static IServiceCollection AddMailroomPages(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/Options", MailroomPolicies.Administrator);
                options.Conventions.AuthorizeFolder("/Monitors", MailroomPolicies.Administrator);
                options.Conventions.AuthorizeFolder("/Records", MailroomPolicies.Agent);
                options.Conventions.AuthorizeFolder("/Personal", MailroomPolicies.Agent);
                options.Conventions.AllowAnonymousToPage("/Login");
                options.Conventions.AllowAnonymousToPage("/AccessDenied");
                options.Conventions.AllowAnonymousToPage("/Setup");
            })
            .AddApplicationPart(typeof(WebServiceCollectionExtensions).Assembly);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "mailroom.af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.Configure<RouteOptions>(options => options.LowercaseUrls = true);
        return services;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    // A password change, a reset, a role change, a disabled or removed user: every cookie issued before it stops
    // working at its very next request (the stamp is read from the database each time).
    private static async Task ValidateSecurityStampAsync(CookieValidatePrincipalContext context)
    {
        var idText = context.Principal?.FindFirst(MailroomPolicies.UserIdClaim)?.Value;
        var stamp = context.Principal?.FindFirst(MailroomPolicies.SecurityStampClaim)?.Value;
        var store = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await store.FindByIdAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (user is null || user.IsDisabled || !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
