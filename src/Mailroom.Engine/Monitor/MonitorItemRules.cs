using System.Text.Json;
using Mailroom.Core.Monitor;
using Mailroom.Core.Validation;
using Mailroom.Data.Monitor;

namespace Mailroom.Engine.Monitor;

/// <summary>The rules an item must meet before it is stored, whichever face stores it.</summary>
internal static class MonitorItemRules
{
    /// <summary>
    /// An item's name and definition as the command and the item editor take them: a name of 1-100
    /// characters that is neither fixed item's nor another item's, and a definition the filer can read. Returns the
    /// trimmed name and the definition as it will be stored.
    /// </summary>
    /// <param name="name">Null for the Default item, which keeps its name.</param>
    /// <exception cref="ValidationException">Fields <c>name</c>, <c>definition</c> and <c>definition.*</c>.</exception>
    public static async Task<(string? Name, string? Definition)> ValidateAsync(MonitorStore store, long monitorId, string? name, string definition, long? exceptId, CancellationToken ct)
    {
        var problems = new List<ValidationProblem>();
        if (name is not null)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 || name.Any(char.IsControl))
            {
                problems.Add(new("name", "give a name of 1-100 characters"));
            }
            else if (name.Trim().Equals("Skip", StringComparison.OrdinalIgnoreCase) || name.Trim().Equals("Default", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new("name", "Skip and Default are the fixed items' names"));
            }
            else if (await store.ItemNameTakenAsync(monitorId, name, exceptId, ct))
            {
                problems.Add(new("name", $"this monitor already has an item named '{name.Trim()}'"));
            }
        }

        if (ParseJson(definition) is not { ValueKind: JsonValueKind.Object } parsed)
        {
            problems.Add(new("definition", "give a JSON object, e.g. {\"conditions\":[],\"actions\":[]}"));
            throw new ValidationException(problems);
        }

        try
        {
            // The filer reads the definition the same way: what is saved here is what runs.
            MonitorItemDefinition.Parse(name?.Trim() ?? "Default", parsed.GetRawText(), name is null ? MonitorItemKind.Default : MonitorItemKind.Custom);
        }
        catch (ValidationException ex)
        {
            problems.AddRange(ex.Problems.Where(p => p.Field != "name").Select(p => p with { Field = p.Field == "definition" ? p.Field : "definition." + p.Field }));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        return (name?.Trim(), parsed.GetRawText());
    }

    /// <summary>A stored definition as JSON to show, or null when it is not JSON (written by hand with an old version).</summary>
    public static JsonElement? ParseJson(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
