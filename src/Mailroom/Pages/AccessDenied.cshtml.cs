using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages;

/// <summary>Where a refused page sends the user: says no, shows nothing of what was refused, answers 403.</summary>
public sealed class AccessDeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
