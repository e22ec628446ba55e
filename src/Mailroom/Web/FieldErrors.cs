using System.Text.Encodings.Web;
using Mailroom.Core.Validation;
using Microsoft.AspNetCore.Html;

namespace Mailroom.Web;

/// <summary>Problems by field for a page's form: shown beside the input they name, the rest listed above the form.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _problems = new(StringComparer.Ordinal);

    public bool Any => _problems.Count > 0;

    public void Add(IEnumerable<ValidationProblem> problems)
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

    /// <summary>The problems of one field, as a span beside its input (id <c>error-FIELD</c>).</summary>
    public IHtmlContent For(string field) =>
        _problems.TryGetValue(field, out var messages)
            ? new HtmlString($"<span class=\"field-error\" id=\"error-{HtmlEncoder.Default.Encode(field)}\">{HtmlEncoder.Default.Encode(string.Join("; ", messages))}</span>")
            : HtmlString.Empty;

    public string InvalidClass(string field) => _problems.ContainsKey(field) ? "input-invalid" : "";

    /// <summary>Problems whose field has no input on the page.</summary>
    public IEnumerable<ValidationProblem> Others(IReadOnlyCollection<string> fieldsOnPage) =>
        _problems.Where(p => !fieldsOnPage.Contains(p.Key)).SelectMany(p => p.Value.Select(m => new ValidationProblem(p.Key, m)));
}
