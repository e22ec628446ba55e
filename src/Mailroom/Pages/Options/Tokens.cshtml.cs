using Mailroom.Core.Validation;
using Mailroom.Data.Users;
using Mailroom.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options;

/// <summary>Administrators create API tokens (each shown once) and revoke them.</summary>
public sealed class TokensModel(ApiTokenService tokens) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public string? CreatedValue { get; private set; }

    public string? CreatedName { get; private set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>Expired on the installation's clock, the one the API refuses it by.</summary>
    public bool IsExpired(ApiToken token) => tokens.IsExpired(token);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tokens = await tokens.Store.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var problems = new List<ValidationProblem>();
            UserRole role = UserRole.Agent;
            DateTimeOffset? expires = null;
            try
            {
                role = UserRoles.Parse(Input.Role);
            }
            catch (ValidationException e)
            {
                problems.AddRange(e.Problems);
            }

            try
            {
                expires = tokens.ParseExpiry(Input.Expires);
            }
            catch (ValidationException e)
            {
                problems.AddRange(e.Problems);
            }

            if (problems.Count > 0)
            {
                throw new ValidationException(problems);
            }

            var (token, value) = await tokens.CreateAsync(Input.Name, User.Identity?.Name ?? "web", role, expires, cancellationToken);
            CreatedValue = value;
            CreatedName = token.Name;
            Input = new InputModel();
        }
        catch (ValidationException e)
        {
            foreach (var problem in e.Problems)
            {
                ModelState.AddModelError($"Input.{char.ToUpperInvariant(problem.Field[0])}{problem.Field[1..]}", problem.Message);
            }
        }

        // Rendered, not redirected: the value must not travel through a URL or TempData.
        Tokens = await tokens.Store.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        Message = await tokens.Store.RevokeAsync(id, cancellationToken)
            ? $"Token {id} revoked: requests that carry it are refused from now on."
            : $"Token {id} was not active.";
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        public string Name { get; set; } = "";

        public string Role { get; set; } = "agent";

        public string? Expires { get; set; }
    }
}
