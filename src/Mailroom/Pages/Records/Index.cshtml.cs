using Mailroom.Core.Records;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Records;
using Mailroom.Data.Users;
using Mailroom.Shapes;
using Mailroom.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Records;

/// <summary>The incident list: search, status filter and pages of <see cref="WebLimits.PageSize"/>, newest first.</summary>
public sealed class RecordsIndexModel(RecordStore records, UserStore users, AccountStore accounts) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    /// <summary>An agent's address, <c>me</c>, <c>none</c> (unassigned) or empty (anyone).</summary>
    [BindProperty(SupportsGet = true, Name = "assignee")]
    public string? Assignee { get; set; }

    /// <summary>An account's name: records with mail through it.</summary>
    [BindProperty(SupportsGet = true, Name = "account")]
    public string? AccountName { get; set; }

    public IReadOnlyList<WebUser> Users { get; private set; } = [];

    public IReadOnlyList<string> AccountNames { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public RecordPage Results { get; private set; } = new([], 0);

    public string? StatusProblem { get; private set; }

    public int PageCount => (int)Math.Max(1, (Results.Total + WebLimits.PageSize - 1) / WebLimits.PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        Users = await users.ListAsync(cancellationToken);
        var all = await accounts.ListAsync(cancellationToken);
        AccountNames = all.Select(a => a.Name).ToList();
        IReadOnlyList<RecordStatus> statuses;
        try
        {
            statuses = RecordListQuery.Statuses(Status);
        }
        catch (ValidationException e)
        {
            StatusProblem = e.Problems[0].Message;
            return;
        }

        var offset = (long)(PageNumber - 1) * WebLimits.PageSize;
        var assignee = string.Equals(Assignee, "me", StringComparison.OrdinalIgnoreCase) ? User.Identity?.Name : Assignee;
        long? accountId = null;
        if (!string.IsNullOrEmpty(AccountName))
        {
            accountId = all.FirstOrDefault(a => string.Equals(a.Name, AccountName, StringComparison.OrdinalIgnoreCase))?.Id ?? -1;
        }

        Results = await records.ListAsync(new RecordQuery(Search, statuses, Offset: (int)Math.Min(offset, int.MaxValue), Limit: WebLimits.PageSize,
            Assignee: string.IsNullOrEmpty(assignee) ? null : assignee, AccountId: accountId), cancellationToken);
    }

    /// <summary>This list's address with another page number, search and filter kept.</summary>
    public string PageLink(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(Search))
        {
            query.Add("q=" + Uri.EscapeDataString(Search));
        }

        if (!string.IsNullOrEmpty(Status))
        {
            query.Add("status=" + Uri.EscapeDataString(Status));
        }

        if (!string.IsNullOrEmpty(Assignee))
        {
            query.Add("assignee=" + Uri.EscapeDataString(Assignee));
        }

        if (!string.IsNullOrEmpty(AccountName))
        {
            query.Add("account=" + Uri.EscapeDataString(AccountName));
        }

        query.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/records?" + string.Join("&", query);
    }
}
