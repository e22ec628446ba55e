namespace Mailroom.Core.Records;

/// <summary>
/// The record types Mailroom knows. A record's type is a plain string column, so another type (a problem, a change)
/// is a new constant here plus whatever pages it wants, never a new table.
/// </summary>
public static class RecordTypes
{
    /// <summary>The built-in type every new request from a customer becomes.</summary>
    public const string Incident = "incident";
}
