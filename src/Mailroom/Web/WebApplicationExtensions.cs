using Mailroom.Api;
using Mailroom.Health;
using Mailroom.Metrics;

namespace Mailroom.Web;

/// <summary>The request pipeline: security headers first, then sign-in, then the pages and the API.</summary>
internal static class WebApplicationExtensions
{
    public static WebApplication UseMailroomWeb(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/site.css", () => Results.Text(SiteStylesheet.Css, "text/css; charset=utf-8")).AllowAnonymous();
        app.MapMailroomHealth();
        app.MapMailroomMetrics();
        app.MapRazorPages();
        app.MapMailroomApi();
        return app;
    }
}
