using Mailroom.Core.Settings;
using Mailroom.Core.Validation;
using Mailroom.Data.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options;

/// <summary>The installation's Conversation ID prefix.</summary>
public sealed class SettingsModel(SettingsStore settings) : PageModel
{
    public string Prefix { get; private set; } = "";

    public string? Error { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Prefix = (await settings.GetAsync(cancellationToken)).ConversationPrefix;

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "conversation-prefix")] string? prefix, CancellationToken cancellationToken)
    {
        Prefix = (prefix ?? "").Trim();
        try
        {
            await settings.SaveAsync(new InstallationSettings(Prefix), User.Identity?.Name ?? "web", cancellationToken);
            Notice = $"The Conversation ID prefix is now {Prefix}.";
            return RedirectToPage();
        }
        catch (ValidationException e)
        {
            Error = string.Join(" ", e.Problems.Select(p => Accounts.AccountPageModel.Sentence(p.Message)));
            return Page();
        }
    }
}
