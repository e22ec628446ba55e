using System.ComponentModel.DataAnnotations;
using Mailroom.Users;
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

    /// <summary>The password was reset: the form asks for a new one, which the user must type twice.</summary>
    public bool MustChoosePassword { get; private set; }

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
                if (user.MustChangePassword)
                {
                    // After a reset: no session until the user has chosen a password only they know.
                    MustChoosePassword = true;
                    if (string.IsNullOrEmpty(Input.NewPassword))
                    {
                        return Page();
                    }

                    if (!string.Equals(Input.NewPassword, Input.ConfirmNewPassword, StringComparison.Ordinal))
                    {
                        ModelState.AddModelError("Input.ConfirmNewPassword", "The two new passwords differ; type the same one twice.");
                        return Page();
                    }

                    try
                    {
                        user = await users.ChooseNewPasswordAsync(user, Input.Password, Input.NewPassword, cancellationToken);
                    }
                    catch (Core.Validation.ValidationException e)
                    {
                        foreach (var problem in e.Problems)
                        {
                            ModelState.AddModelError("Input.NewPassword", problem.Message);
                        }

                        return Page();
                    }
                }

                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SignInPrincipal.For(user));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.Disabled:
                ModelState.AddModelError("", "This user is disabled. Ask an administrator to enable it again.");
                return Page();
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

        public string? NewPassword { get; set; }

        public string? ConfirmNewPassword { get; set; }
    }
}
