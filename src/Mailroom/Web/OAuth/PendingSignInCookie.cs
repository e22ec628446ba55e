using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Mailroom.Web.OAuth;

/// <summary>
/// Keeps a <see cref="PendingSignIn"/> in the browser between "Sign in with ..." and the provider's callback.
/// </summary>
/// <remarks>
/// SameSite=Lax, not Strict like the sign-in cookie: the callback is a top-level navigation from the provider's site,
/// and a Strict cookie would not come with it. That is also why the callback page stands without the sign-in cookie:
/// this cookie, protected and at most ten minutes old, with its <c>state</c> matching the callback's, is what proves
/// the callback belongs to a sign-in an allowed user started here.
/// </remarks>
internal static class PendingSignInCookie
{
    public const string Name = "mailroom.oauth";

    /// <summary>Time enough to sign in at the provider, not more.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string Purpose = "Mailroom.Engine.OAuth.PendingSignIn.v1";

    public static void Write(HttpResponse response, IDataProtectionProvider protection, PendingSignIn pending)
    {
        var protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        var value = protector.Protect(JsonSerializer.Serialize(pending), Lifetime);
        response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/oauth",
            MaxAge = Lifetime,
        });
    }

    /// <summary>The pending sign-in, or null when there is none, it expired, or it was not made by this installation.</summary>
    public static PendingSignIn? Read(HttpRequest request, IDataProtectionProvider protection)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var json = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Unprotect(value);
            return JsonSerializer.Deserialize<PendingSignIn>(json);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public static void Delete(HttpResponse response) => response.Cookies.Delete(Name, new CookieOptions { Path = "/oauth" });
}
