using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages;

/// <summary>The start page after sign-in: where each role goes next.</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
