using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Mailroom.Users;
using Mailroom.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages;

/// <summary>Cookie sign-in with a password; failures count towards a lockout and say nothing about which part was wrong.</summary>
public sealed class LoginModel(UserDirectory users) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var check = await users.CheckPasswordAsync(Input.Address, Input.Password, cancellationToken);
        switch (check.Outcome)
        {
            case SignInOutcome.Succeeded:
                var user = check.User!;
                var identity = new ClaimsIdentity(
                    [
                        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
                        new Claim(MailroomPolicies.UserIdClaim, user.Id.ToString(CultureInfo.InvariantCulture)),
                        new Claim(ClaimTypes.Name, user.Address),
                        new Claim(ClaimTypes.Email, user.Address),
                        new Claim(ClaimTypes.GivenName, user.DisplayName),
                        new Claim(ClaimTypes.Role, user.Role.ToString()),
                        new Claim(MailroomPolicies.SecurityStampClaim, user.SecurityStamp),
                    ],
                    CookieAuthenticationDefaults.AuthenticationScheme);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.LockedOut:
                ModelState.AddModelError("", $"Too many failed sign-ins: this user is locked out for {UserDirectory.LockoutDuration.TotalMinutes:0} minutes. Try again later or ask an administrator.");
                return Page();
            default:
                ModelState.AddModelError("", "The address or the password is wrong.");
                return Page();
        }
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        public string Address { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";
    }
}
