using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Monitors;

/// <summary>A placeholder that says plainly that the monitor engine is not installed yet (no made-up data).</summary>
public sealed class MonitorsIndexModel : PageModel
{
    public void OnGet()
    {
    }
}
