using System.Globalization;
using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Monitors;

/// <summary>
/// The Not handled list: mail no item could handle, with the reason and the raw message; Retry puts a message back
/// to be filed on the next check (what <c>mailroom monitor not-handled retry</c> does).
/// </summary>
public sealed class MonitorNotHandledModel(AccountStore accounts, MonitorMessageStore messages) : PageModel
{
    public IReadOnlyList<ReceivedMessage> Messages { get; private set; } = [];

    public IReadOnlyDictionary<long, string> AccountNames { get; private set; } = new Dictionary<long, string>();

    [BindProperty(SupportsGet = true, Name = "account")]
    public long? AccountId { get; set; }

    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Notice = TempData["Notice"] as string;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(long messageId, CancellationToken cancellationToken)
    {
        if (!await messages.RetryAsync(messageId, cancellationToken))
        {
            TempData["Notice"] = $"Message {messageId} is no longer in the Not handled list.";
        }
        else
        {
            TempData["Notice"] = $"Message {messageId} will be filed again on the monitor's next check.";
        }

        return RedirectToPage(new { account = AccountId });
    }

    /// <summary>The raw message as received, as plain text (never rendered: it is untrusted mail).</summary>
    public async Task<IActionResult> OnGetRawAsync(long messageId, CancellationToken cancellationToken)
    {
        var message = await messages.GetAsync(messageId, cancellationToken);
        if (message is null)
        {
            return NotFound();
        }

        Stream stream;
        try
        {
            stream = await messages.OpenRawAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return NotFound();
        }

        Response.Headers.ContentDisposition = $"inline; filename=\"message-{message.Id.ToString(CultureInfo.InvariantCulture)}.eml.txt\"";
        return File(stream, "text/plain; charset=utf-8");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        AccountNames = (await accounts.ListAsync(cancellationToken)).ToDictionary(a => a.Id, a => a.Name);
        Messages = await messages.ListNotHandledAsync(AccountId, 500, cancellationToken);
    }
}
