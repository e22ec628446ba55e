using Mailroom.Core.Records;
using Mailroom.Core.Validation;
using Mailroom.Data.Records;
using Mailroom.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Records;

/// <summary>The incident list: search, status filter and pages of <see cref="WebLimits.PageSize"/>, newest first.</summary>
public sealed class RecordsIndexModel(RecordStore records) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public RecordPage Results { get; private set; } = new([], 0);

    public string? StatusProblem { get; private set; }

    public int PageCount => (int)Math.Max(1, (Results.Total + WebLimits.PageSize - 1) / WebLimits.PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
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
        Results = await records.ListAsync(new RecordQuery(Search, statuses, Offset: (int)Math.Min(offset, int.MaxValue), Limit: WebLimits.PageSize), cancellationToken);
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

        query.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/records?" + string.Join("&", query);
    }
}
