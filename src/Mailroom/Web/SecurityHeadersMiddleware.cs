namespace Mailroom.Web;

/// <summary>
/// Headers on every response: no MIME sniffing, no framing (clickjacking), no referrer leaking record URLs to
/// links in mail, and a strict Content-Security-Policy: only this site's own scripts, styles and images. A page
/// that shows a mail's remote images on request widens <c>img-src</c> for that response alone.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>Set in <see cref="HttpContext.Items"/> by a page that shows remote images the user asked for.</summary>
    public const string AllowRemoteImagesItem = "mailroom:allow-remote-images";

    /// <summary>
    /// Set in <see cref="HttpContext.Items"/> (to a whole Content-Security-Policy) by a response meant to be shown in
    /// a sandboxed frame of this site's own pages, such as a mail's sanitised HTML: it may be framed by this site only.
    /// </summary>
    public const string FramedContentPolicyItem = "mailroom:framed-content-policy";

    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{0}; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            var framed = http.Items.TryGetValue(FramedContentPolicyItem, out var own) && own is string;
            headers.XFrameOptions = framed ? "SAMEORIGIN" : "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            var remote = http.Items.ContainsKey(AllowRemoteImagesItem) ? " https: http:" : "";
            headers.ContentSecurityPolicy = framed
                ? (string)own!
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, Policy, remote);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
