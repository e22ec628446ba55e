using System.Text.Encodings.Web;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Mail;
using Mailroom.Web.Accounts;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options.Accounts;

/// <summary>
/// What every account page shares: the form, the problems by field (shown beside their inputs), warnings, and the
/// Test Account report.
/// </summary>
public abstract class AccountPageModel : PageModel
{
    private readonly Dictionary<string, List<string>> _problems = new(StringComparer.Ordinal);

    public AccountType Type { get; protected set; }

    public AccountForm Form { get; protected set; } = new();

    public long Id { get; protected set; }

    public long Version { get; protected set; }

    public IReadOnlyList<ValidationProblem> Warnings { get; protected set; } = [];

    public AccountTestReport? TestReport { get; protected set; }

    public string? Notice { get; set; }

    public bool IsNew => Id == 0;

    public bool HasProblems => _problems.Count > 0;

    /// <summary>Problems whose field has no input on the page shown, so they are listed above the form.</summary>
    public IEnumerable<ValidationProblem> OtherProblems(IReadOnlyCollection<string> fieldsOnPage) =>
        _problems.Where(p => !fieldsOnPage.Contains(p.Key)).SelectMany(p => p.Value.Select(m => new ValidationProblem(p.Key, m)));

    public void AddProblems(IEnumerable<ValidationProblem> problems)
    {
        foreach (var problem in problems)
        {
            if (!_problems.TryGetValue(problem.Field, out var list))
            {
                _problems[problem.Field] = list = [];
            }

            list.Add(problem.Message);
        }
    }

    /// <summary>The problems of one field, as a span beside its input.</summary>
    public IHtmlContent ErrorFor(string field) =>
        _problems.TryGetValue(field, out var messages)
            ? new HtmlString($"<span class=\"field-error\" id=\"error-{field}\">{HtmlEncoder.Default.Encode(string.Join("; ", messages))}</span>")
            : HtmlString.Empty;

    public string InvalidClass(string field) => _problems.ContainsKey(field) ? "input-invalid" : "";

    public static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");

    public static string TypeLabel(AccountType type) => type switch
    {
        AccountType.Exchange => "Exchange",
        AccountType.Imap => "IMAP",
        AccountType.Pop3 => "POP3",
        AccountType.Graph => "Microsoft 365 (Graph)",
        _ => type.ToString(),
    };

    /// <summary>The sign-in fields on the Account Information tab (password or OAuth 2.0).</summary>
    public static IReadOnlyList<string> SignInFields { get; } =
    [
        AccountFields.Auth, AccountFields.OAuthProvider, AccountFields.OAuthFlow, AccountFields.Tenant, AccountFields.ClientId, AccountFields.ClientSecret,
        AccountFields.ClientCertificate, AccountFields.Authority, AccountFields.TokenUrl, AccountFields.AuthorizeUrl, AccountFields.Scope,
    ];

    /// <summary>The partial with the server (or mailbox) fields of accounts of <paramref name="type"/>.</summary>
    public static string ServerPartial(AccountType type) => type switch
    {
        AccountType.Exchange => "_FieldsExchange",
        AccountType.Graph => "_FieldsGraph",
        _ => "_FieldsServers",
    };

    protected void Show(Account account)
    {
        Id = account.Id;
        Version = account.Version;
        Type = account.Type;
        Form = AccountForm.From(account);
        Warnings = AccountValidator.Warnings(account);
    }
}
