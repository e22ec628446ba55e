using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Records;

/// <summary>The incident list.</summary>
public sealed class RecordsIndexModel : PageModel
{
    public void OnGet()
    {
    }
}
