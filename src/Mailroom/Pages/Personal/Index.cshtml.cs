using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Personal;

/// <summary>An agent's own credentials and server settings where an account's padlock is open.</summary>
public sealed class PersonalIndexModel : PageModel
{
    public void OnGet()
    {
    }
}
