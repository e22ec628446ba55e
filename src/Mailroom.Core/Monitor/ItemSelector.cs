namespace Mailroom.Core.Monitor;

/// <summary>
/// Picks the item that handles a message: a matching skip rule first; then the first administrator's item whose
/// conditions all hold (nothing after it is tried); else Default. Record finding depends on each item's steps, so
/// the engine passes a function that finds the record for a <see cref="RecordFinding"/> (and may cache by it).
/// </summary>
public sealed class ItemSelector(MonitorItems items)
{
    /// <summary>Selects the item for <paramref name="mail"/>.</summary>
    /// <param name="mail">The message.</param>
    /// <param name="findRecord">Finds the existing record and customer with the given steps (engine code: database).</param>
    public ItemSelection Select(IncomingMailFacts mail, Func<RecordFinding, RecordContext> findRecord)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(findRecord);
        var skippedBy = items.Skip.SkipRules.FirstOrDefault(r => r.Matches(mail));
        if (skippedBy is not null)
        {
            return new ItemSelection(items.Skip, RecordContext.Nothing, skippedBy);
        }

        foreach (var item in items.Custom)
        {
            var context = findRecord(item.Finding);
            if (item.ConditionsHold(mail, context))
            {
                return new ItemSelection(item, context);
            }
        }

        return new ItemSelection(items.Default, findRecord(items.Default.Finding));
    }
}
