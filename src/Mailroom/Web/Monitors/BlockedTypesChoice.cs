using Mailroom.Core.Monitor;
using Mailroom.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Web.Monitors;

/// <summary>
/// The item editor's choice of file types never imported: the built-in list (stored as no list, so the item follows
/// the list as it grows), the types typed, or none at all (stored as <c>[]</c>, as <c>monitor items</c> writes it).
/// An empty text field alone cannot say "none": it always meant the built-in list, hence the explicit choice.
/// </summary>
internal static class BlockedTypesChoice
{
    /// <summary>The form input holding the choice (radio buttons).</summary>
    public const string Input = "blocked-mode";

    public const string BuiltIn = "built-in";

    public const string These = "these";

    public const string None = "none";

    /// <summary>The choice an action shows: none for an empty list, these for a list, built-in for no list.</summary>
    public static string Of(ImportAttachmentsAction? action) => action?.BlockedExtensions switch
    {
        null => BuiltIn,
        [] => None,
        _ => These,
    };

    /// <summary>
    /// The blocked extensions as <see cref="ImportAttachmentsAction.BlockedExtensions"/> keeps them. The choice decides;
    /// the field is read only for "These types" (it keeps what was typed while another choice is made).
    /// </summary>
    public static List<string>? Read(IFormCollection form, List<ValidationProblem> problems)
    {
        switch (form[Input].ToString())
        {
            case None:
                return [];
            case BuiltIn:
                return null;
            case These:
                var typed = Extensions(form, problems);
                if (typed.Count == 0 && !problems.Any(p => p.Field == "blocked-extensions"))
                {
                    problems.Add(new("blocked-extensions", "name at least one file type, or choose \"No types\" to import every type"));
                }

                return typed.Count == 0 || IsBuiltIn(typed) ? null : typed;
            case "":
                // A form without the choice (a page still open in a tab from before it existed): empty meant built-in.
                var legacy = Extensions(form, problems);
                return legacy.Count == 0 || IsBuiltIn(legacy) ? null : legacy;
            default:
                problems.Add(new("blocked-extensions", $"choose {BuiltIn}, {These} or {None}"));
                return null;
        }
    }

    private static bool IsBuiltIn(List<string> extensions) =>
        extensions.Order().SequenceEqual(ImportAttachmentsAction.DefaultBlockedExtensions.Order());

    /// <summary>".exe, bat" as the action keeps them (".exe", ".bat"), each bad one a problem.</summary>
    private static List<string> Extensions(IFormCollection form, List<ValidationProblem> problems)
    {
        var extensions = new List<string>();
        foreach (var part in form["blocked-extensions"].ToString().Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var extension = "." + part.TrimStart('.').ToLowerInvariant();
            if (extension.Length is < 2 or > 21 || !extension.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                problems.Add(new("blocked-extensions", $"'{part}' is not a file extension (letters and digits, e.g. .exe)"));
            }
            else if (!extensions.Contains(extension))
            {
                extensions.Add(extension);
            }
        }

        return extensions;
    }
}
