using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Testing.OAuth;

public sealed partial class OAuthTestServer
{
    /// <summary>Authorization codes work ten minutes, as Microsoft's do.</summary>
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The parameters an authorize request carries through the consent form.</summary>
    private static readonly string[] AuthorizeParameters =
        ["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method", "access_type", "prompt", "login_hint"];

    /// <summary>
    /// What a person does in the browser, done over HTTP: opens <paramref name="authorizeUrl"/> (the consent page),
    /// signs in as <paramref name="user"/> and presses Accept (or Cancel). Returns where the server sends the
    /// browser back: the redirect URL with <c>code</c> and <c>state</c>, or with <c>error=access_denied</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server showed an error page instead of the consent page.</exception>
    public async Task<Uri> SignInAsync(Uri authorizeUrl, string user, bool accept = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorizeUrl);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var page = await http.GetAsync(authorizeUrl, cancellationToken).ConfigureAwait(false);
        var html = await page.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (page.StatusCode == HttpStatusCode.Found)
        {
            return page.Headers.Location!;
        }

        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The consent page at {authorizeUrl.GetLeftPart(UriPartial.Path)} answered {(int)page.StatusCode}: {html}");
        }

        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorizeUrl.Query)
            .ToDictionary(q => q.Key, q => q.Value.ToString());
        form["login"] = user;
        form["consent"] = accept ? "accept" : "cancel";
        using var answer = await http.PostAsync(authorizeUrl.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(form), cancellationToken).ConfigureAwait(false);
        if (answer.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException(
                $"The consent form answered {(int)answer.StatusCode} instead of a redirect: {await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        return answer.Headers.Location!;
    }

    /// <summary>
    /// The authorize endpoint: GET shows the consent page, POST is its form. Errors about the client or the redirect
    /// URL are shown on the page (never redirected to an unchecked URL); the others go back to the redirect URL.
    /// </summary>
    private async Task AuthorizeAsync(HttpContext context, string? tenant)
    {
        var microsoft = tenant is not null;
        var query = HttpMethods.IsPost(context.Request.Method)
            ? (await ReadFormAsync(context).ConfigureAwait(false))
            : context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (microsoft && !KnownTenant(tenant!))
        {
            await PageAsync(context, 400, "Sign in", Paragraph(OAuthTestError.UnknownTenant(tenant!))).ConfigureAwait(false);
            return;
        }

        var clientId = query.GetValueOrDefault("client_id") ?? "";
        if (FindClient(clientId) is not { } client)
        {
            await PageAsync(context, 400, "Sign in", Paragraph(OAuthTestError.UnknownClient(clientId, tenant ?? Tenant))).ConfigureAwait(false);
            return;
        }

        var redirect = query.GetValueOrDefault("redirect_uri") ?? "";
        if (!RedirectAllowed(client, redirect))
        {
            await PageAsync(context, 400, "Sign in", Paragraph(OAuthTestError.RedirectMismatch(redirect, clientId))).ConfigureAwait(false);
            return;
        }

        var state = query.GetValueOrDefault("state");
        if (query.GetValueOrDefault("response_type") != "code")
        {
            Redirect(context, redirect, state, ("error", "unsupported_response_type"),
                ("error_description", "AADSTS700054: response_type 'code' is the only one this server offers."));
            return;
        }

        var challenge = query.GetValueOrDefault("code_challenge");
        if (string.IsNullOrEmpty(challenge) || query.GetValueOrDefault("code_challenge_method") != "S256")
        {
            Redirect(context, redirect, state, ("error", "invalid_request"),
                ("error_description", "AADSTS9002325: Proof Key for Code Exchange is required: send code_challenge with code_challenge_method S256."));
            return;
        }

        var scopes = (query.GetValueOrDefault("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await PageAsync(context, 200, "Sign in", ConsentForm(context.Request.Path, query, client, scopes)).ConfigureAwait(false);
            return;
        }

        var login = query.GetValueOrDefault("login")?.Trim().ToLowerInvariant();
        if (query.GetValueOrDefault("consent") != "accept")
        {
            Redirect(context, redirect, state, ("error", "access_denied"),
                ("error_description", microsoft ? "AADSTS65004: User declined to consent to access the app." : "The user denied access."));
            return;
        }

        if (string.IsNullOrEmpty(login))
        {
            await PageAsync(context, 400, "Sign in", "<p>Enter the account to sign in as.</p>" + ConsentForm(context.Request.Path, query, client, scopes)).ConfigureAwait(false);
            return;
        }

        // Microsoft gives a refresh token for offline_access; Google for access_type=offline.
        var offline = microsoft
            ? scopes.Contains("offline_access", StringComparer.OrdinalIgnoreCase)
            : query.GetValueOrDefault("access_type") == "offline";
        var code = "code." + Base64Url(RandomNumberGenerator.GetBytes(32));
        lock (_gate)
        {
            _codes[code] = new PendingCode(code, client, login, redirect, challenge, scopes, offline, microsoft, tenant ?? Tenant, _time.GetUtcNow() + CodeLifetime);
        }

        Redirect(context, redirect, state, ("code", code));
    }

    /// <summary>The device verification page: the person types the code, signs in, and accepts or cancels.</summary>
    private async Task DeviceLoginAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await PageAsync(context, 200, "Enter code", DeviceForm("")).ConfigureAwait(false);
            return;
        }

        var form = await ReadFormAsync(context).ConfigureAwait(false);
        var code = form.GetValueOrDefault("code") ?? "";
        var accept = form.GetValueOrDefault("consent") == "accept";
        var login = form.GetValueOrDefault("login")?.Trim().ToLowerInvariant();
        if (accept && string.IsNullOrEmpty(login))
        {
            await PageAsync(context, 400, "Enter code", "<p>Enter the account to sign in as.</p>" + DeviceForm(code)).ConfigureAwait(false);
            return;
        }

        if (!AnswerDevice(code, login, accept))
        {
            await PageAsync(context, 400, "Enter code", "<p>That code was not recognized or has expired.</p>" + DeviceForm(code)).ConfigureAwait(false);
            return;
        }

        await PageAsync(context, 200, "Done", accept
            ? "<p id=\"result\">You have signed in. You can close this window.</p>"
            : "<p id=\"result\">Sign-in cancelled. You can close this window.</p>").ConfigureAwait(false);
    }

    private bool AnswerDevice(string userCode, string? user, bool accept)
    {
        var normalized = userCode.Replace("-", "", StringComparison.Ordinal).Trim();
        lock (_gate)
        {
            var device = _deviceCodes.Values.FirstOrDefault(d => string.Equals(d.UserCode, normalized, StringComparison.OrdinalIgnoreCase));
            if (device is null || device.Redeemed || _time.GetUtcNow() >= device.ExpiresAt)
            {
                return false;
            }

            if (accept)
            {
                device.ApprovedUser = user!.Trim().ToLowerInvariant();
            }
            else
            {
                device.Declined = true;
            }

            return true;
        }
    }

    private static bool RedirectAllowed(OAuthTestClient client, string redirect)
    {
        if (client.RedirectUris.Count > 0)
        {
            return client.RedirectUris.Contains(redirect, StringComparer.Ordinal);
        }

        return Uri.TryCreate(redirect, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip)));
    }

    private static void Redirect(HttpContext context, string redirect, string? state, params (string Name, string Value)[] values)
    {
        var url = new StringBuilder(redirect);
        var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in state is null ? values : [.. values, ("state", state)])
        {
            url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = url.ToString();
    }

    private static string ConsentForm(PathString action, IReadOnlyDictionary<string, string> query, OAuthTestClient client, IReadOnlyList<string> scopes)
    {
        var html = new StringBuilder();
        html.Append("<p>The application <b id=\"client\">").Append(Encode(client.ClientId)).Append("</b> asks for:</p><ul id=\"scopes\">");
        foreach (var scope in scopes)
        {
            html.Append("<li>").Append(Encode(scope)).Append("</li>");
        }

        html.Append("</ul><form method=\"post\" action=\"").Append(Encode(action.ToString())).Append("\">");
        foreach (var name in AuthorizeParameters)
        {
            if (query.TryGetValue(name, out var value) && name != "login_hint")
            {
                html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(Encode(value)).Append("\">");
            }
        }

        html.Append("<label for=\"login\">Account</label> <input id=\"login\" name=\"login\" type=\"email\" value=\"")
            .Append(Encode(query.GetValueOrDefault("login") ?? query.GetValueOrDefault("login_hint") ?? "")).Append("\">")
            .Append("<button type=\"submit\" id=\"accept\" name=\"consent\" value=\"accept\">Accept</button>")
            .Append("<button type=\"submit\" id=\"cancel\" name=\"consent\" value=\"cancel\">Cancel</button></form>");
        return html.ToString();
    }

    private static string DeviceForm(string code) =>
        "<form method=\"post\" action=\"/devicelogin\">"
        + $"<label for=\"code\">Code</label> <input id=\"code\" name=\"code\" value=\"{Encode(code)}\">"
        + "<label for=\"login\">Account</label> <input id=\"login\" name=\"login\" type=\"email\">"
        + "<button type=\"submit\" id=\"accept\" name=\"consent\" value=\"accept\">Accept</button>"
        + "<button type=\"submit\" id=\"cancel\" name=\"consent\" value=\"cancel\">Cancel</button></form>";

    private static string Paragraph(OAuthTestError error) => $"<p id=\"error\">AADSTS{error.Code}: {Encode(error.Text)}</p>";

    private static async Task PageAsync(HttpContext context, int status, string title, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{Encode(title)} - local authorization server</title></head><body><h1>{Encode(title)}</h1>{body}</body></html>")
            .ConfigureAwait(false);
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
