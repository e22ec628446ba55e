using Mailroom.Core.Validation;
using Mailroom.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages;

/// <summary>The first start's page: with the one-time link serve printed, creates the first administrator and signs them in.</summary>
public sealed class SetupModel(FirstAdministratorSetup setup) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public bool LinkValid { get; private set; }

    public void OnGet() => LinkValid = setup.IsValid(Token);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        LinkValid = setup.IsValid(Token);
        if (!LinkValid)
        {
            return Page();
        }

        if (!string.Equals(Input.Password, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The two passwords differ; type the same one twice.");
            return Page();
        }

        try
        {
            var user = await setup.CreateAsync(Token, Input.Address, Input.DisplayName, Input.Password, cancellationToken);
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SignInPrincipal.For(user));
            return LocalRedirect("/");
        }
        catch (ValidationException e)
        {
            LinkValid = setup.IsValid(Token);
            foreach (var problem in e.Problems)
            {
                var key = problem.Field switch
                {
                    "address" => "Input.Address",
                    "displayName" => "Input.DisplayName",
                    "password" => "Input.Password",
                    _ => "",
                };
                ModelState.AddModelError(key, problem.Message);
            }

            return Page();
        }
    }

    public sealed class InputModel
    {
        public string Address { get; set; } = "";

        public string? DisplayName { get; set; }

        public string Password { get; set; } = "";

        public string ConfirmPassword { get; set; } = "";
    }
}
