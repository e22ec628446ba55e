namespace Mailroom.Data.Monitor;

/// <summary>What one check of a mailbox did.</summary>
/// <param name="Fetched">Messages downloaded from the server and stored.</param>
/// <param name="FiledExisting">Filed on a record that already existed.</param>
/// <param name="NewRecords">Opened a new record.</param>
/// <param name="Skipped">Skipped by a rule or a built-in check, or already filed under another id.</param>
/// <param name="NotHandled">Set aside in the Not handled list.</param>
/// <param name="PostActionsRedone">
/// Messages filed before that the server listed again (POP3 restoring DELE'd mail after a dropped session, an IMAP move
/// that did not finish), whose post-action was done again without filing them again. Shown so that an operator sees
/// the server undoing actions; not kept in the monitor's totals.
/// </param>
public sealed record MonitorCheckCounts(int Fetched, int FiledExisting, int NewRecords, int Skipped, int NotHandled, int PostActionsRedone = 0)
{
    public static MonitorCheckCounts Zero { get; } = new(0, 0, 0, 0, 0);

    public MonitorCheckCounts Add(MonitorCheckCounts other) => new(
        Fetched + other.Fetched, FiledExisting + other.FiledExisting, NewRecords + other.NewRecords,
        Skipped + other.Skipped, NotHandled + other.NotHandled, PostActionsRedone + other.PostActionsRedone);
}
