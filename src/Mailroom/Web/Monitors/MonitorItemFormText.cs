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
    string MaxSize,
    string BlockedExtensions)
{
    private const double Megabyte = 1024 * 1024;

    /// <summary>The inputs filled from a stored item.</summary>
    public static MonitorItemFormText Of(MonitorItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var create = item.Actions.OfType<CreateRecordAction>().FirstOrDefault();
        var import = item.Actions.OfType<ImportAttachmentsAction>().FirstOrDefault() ?? new ImportAttachmentsAction();
        return new(
            item.Finding.SubjectMinimumLength.ToString(CultureInfo.InvariantCulture),
            item.Finding.RecordNumberTerm,
            create?.RecordType ?? "Incident",
            string.Join("\n", (create?.Fields ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={MonitorItemJson.FieldValueName(kv.Value)}")),
            (import.MaxBytes / Megabyte).ToString("0.###", CultureInfo.InvariantCulture),
            string.Join(", ", import.BlockedExtensions ?? ImportAttachmentsAction.DefaultBlockedExtensions));
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
            form["max-size"].ToString(),
            form["blocked-extensions"].ToString());
    }
}
