namespace Mailroom.Mail.Ews;

/// <summary>One SyncFolderItems answer: items created in the folder since the state given, and the new state.</summary>
/// <param name="Created">Items new to the folder (arrived or moved in).</param>
/// <param name="SyncState">Opaque; store it whole once <paramref name="Created"/> are handled.</param>
/// <param name="IncludesLastItemInRange">False while more changes wait: call again with the new state at once.</param>
internal sealed record EwsSyncPage(IReadOnlyList<EwsItem> Created, string SyncState, bool IncludesLastItemInRange);
