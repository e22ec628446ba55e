using System.Globalization;
using System.Security.Claims;
using Mailroom.Data.Users;
using Mailroom.Web;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Mailroom.Users;

/// <summary>The one shape of a signed-in user's cookie claims, for the sign-in page and the first start.</summary>
internal static class SignInPrincipal
{
    public static ClaimsPrincipal For(WebUser user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(MailroomPolicies.UserIdClaim, user.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Address),
            new Claim(ClaimTypes.Email, user.Address),
            new Claim(ClaimTypes.GivenName, user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(MailroomPolicies.SecurityStampClaim, user.SecurityStamp),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));
}
