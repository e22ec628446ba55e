using System.Globalization;
using Mailroom.Core.Monitor;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Web.Monitors;

/// <summary>
/// The item editor's free-text inputs (numbers, lists, name=value lines) as the administrator typed them, so a form
/// sent back with a problem shows what was typed rather than what could be read of it.
/// </summary>
public sealed record MonitorItemFormText(
    string SubjectMinimumLength,
    string RecordNumberTerm,
    string RecordType,
    string CreateFields,
    string UpdateFields,
    string MaxSize,
    string BlockedExtensions,
    string BlockedMode,
    IReadOnlyList<string> Orders)
{
    private const double Megabyte = 1024 * 1024;

    /// <summary>The inputs filled from a stored item.</summary>
    public static MonitorItemFormText Of(MonitorItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var create = item.Actions.OfType<CreateRecordAction>().FirstOrDefault();
        var update = item.Actions.OfType<UpdateRecordAction>().FirstOrDefault();
        var import = item.Actions.OfType<ImportAttachmentsAction>().FirstOrDefault() ?? new ImportAttachmentsAction();
        var blockedMode = BlockedTypesChoice.Of(import);
        return new(
            item.Finding.SubjectMinimumLength.ToString(CultureInfo.InvariantCulture),
            item.Finding.RecordNumberTerm,
            create?.RecordType ?? "Incident",
            Lines(create?.Fields),
            Lines(update?.Fields),
            (import.MaxBytes / Megabyte).ToString("0.###", CultureInfo.InvariantCulture),
            string.Join(", ", import.BlockedExtensions ?? ImportAttachmentsAction.DefaultBlockedExtensions),
            blockedMode,
            OrdersOf(item));
    }

    /// <summary>The inputs as posted.</summary>
    public static MonitorItemFormText Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(
            form["subject-minimum-length"].ToString(),
            form["record-number-term"].ToString(),
            form["record-type"].ToString(),
            form["create-fields"].ToString(),
            form["update-fields"].ToString(),
            form["max-size"].ToString(),
            form["blocked-extensions"].ToString(),
            form[BlockedTypesChoice.Input].ToString(),
            [.. MonitorItemForm.OrderInputs.Select(input => form[input].ToString())]);
    }

    /// <summary>
    /// The order numbers, by <see cref="MonitorItemForm.OrderInputs"/>: the item's actions numbered as stored, those it
    /// lacks after them in the default order (an item without actions, a new one, gets the default order).
    /// </summary>
    private static List<string> OrdersOf(MonitorItem item)
    {
        var present = item.Actions.Select(MonitorItemForm.DefaultIndex).Distinct().ToList();
        var sequence = present.Concat(Enumerable.Range(0, MonitorItemForm.OrderInputs.Count).Except(present)).ToList();
        return [.. Enumerable.Range(0, MonitorItemForm.OrderInputs.Count)
            .Select(i => (sequence.IndexOf(i) + 1).ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>Fields as the editor's name=value lines ("priority=high").</summary>
    private static string Lines(IReadOnlyDictionary<string, string>? fields) =>
        string.Join("\n", (fields ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={MonitorItemJson.FieldValueName(kv.Value)}"));
}
