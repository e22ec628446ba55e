using System.Globalization;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Audit;
using Mailroom.Shapes;
using Mailroom.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options;

/// <summary>
/// The audit log, newest first: who changed which account or setting, and which fields (names only: the log never
/// holds a value, so nothing here can show a secret). Filters and their checks are those of <c>mailroom audit list</c>
/// and <c>GET /api/audit</c>; a bad filter is a message naming its field, never an error page.
/// </summary>
public sealed class AuditModel(AccountStore accounts, AuditLog audit) : PageModel
{
    public const string AccountField = "account";
    public const string SinceField = "since";
    public const string SizeField = "size";

    /// <summary>The page sizes offered; the first is the records list's.</summary>
    public static readonly IReadOnlyList<int> PageSizes = [WebLimits.PageSize, 50, 100, 200];

    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);

    [BindProperty(SupportsGet = true, Name = AccountField)]
    public string? Account { get; set; }

    [BindProperty(SupportsGet = true, Name = SinceField)]
    public string? Since { get; set; }

    /// <summary>Read as text, so a value that is not a number is reported rather than silently replaced.</summary>
    [BindProperty(SupportsGet = true, Name = SizeField)]
    public string? Size { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageSize { get; private set; } = WebLimits.PageSize;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public bool HasOlder { get; private set; }

    /// <summary>The global accounts' names, offered as suggestions (deleted accounts may be typed too).</summary>
    public IReadOnlyList<string> AccountNames { get; private set; } = [];

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Account) || !string.IsNullOrWhiteSpace(Since);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        AccountNames = (await accounts.ListAsync(cancellationToken)).Select(a => a.Name).ToList();

        var problems = new List<ValidationProblem>();
        var (since, _) = AuditFilters.Parse(string.IsNullOrWhiteSpace(Since) ? null : Since, null, problems);
        if (!string.IsNullOrWhiteSpace(Size))
        {
            if (int.TryParse(Size.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && PageSizes.Contains(size))
            {
                PageSize = size;
            }
            else
            {
                problems.Add(new(SizeField, $"'{Size}' is not one of the page sizes {string.Join(", ", PageSizes)}."));
            }
        }

        IReadOnlyCollection<long>? ids = null;
        if (!string.IsNullOrWhiteSpace(Account))
        {
            try
            {
                ids = await AuditFilters.AccountIdsAsync(accounts, audit, Account.Trim(), cancellationToken);
            }
            catch (NotFoundException)
            {
                problems.Add(new(AccountField, $"no account, and no audit entry, is named '{Account.Trim()}'."));
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                _problems[problem.Field] = problem.Message;
            }

            return;
        }

        // One more than a page, to know whether an older page exists without counting the whole log.
        var offset = (long)(PageNumber - 1) * PageSize;
        var entries = await audit.ListAsync(new AuditQuery(ids, since, PageSize + 1, (int)Math.Min(offset, int.MaxValue - PageSize - 1)), cancellationToken);
        HasOlder = entries.Count > PageSize;
        Entries = entries.Take(PageSize).ToList();
    }

    public bool HasProblems => _problems.Count > 0;

    /// <summary>An entry's time as the command and the API show it (UTC, ISO 8601).</summary>
    public static string TimeOf(AuditEntry entry) => AuditEntryView.From(entry).Time;

    /// <summary>The problem with one filter, or null.</summary>
    public string? ProblemOf(string field) => _problems.GetValueOrDefault(field);

    public string InvalidClass(string field) => _problems.ContainsKey(field) ? "input-invalid" : "";

    /// <summary>This list's address with another page number, the filters kept.</summary>
    public string PageLink(int page)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
            }
        }

        Add(AccountField, Account);
        Add(SinceField, Since);
        Add(SizeField, Size);
        query.Add("p=" + page.ToString(CultureInfo.InvariantCulture));
        return "/options/audit?" + string.Join("&", query);
    }
}
