namespace Mailroom.Testing.Graph;

/// <summary>What a client has been told of one message in a delta round: its version and the default id it saw
/// (a removal must name the message by the id the client knows, and the default id changes on a move).</summary>
internal sealed record GraphDeltaKnown(long Version, string RestId, string ImmutableId);

/// <summary>One change of a delta round: a message as it was when the round began, or one that left the folder.</summary>
internal sealed record GraphDeltaEntry(GraphTestMessage? Message, GraphDeltaKnown? Removed);

/// <summary>
/// A round of change tracking: the changes found when it began, handed out page by page, and the folder's state the
/// round ends in (what the delta token of its last page remembers). Query options of the first request (<c>$select</c>,
/// <c>$top</c>, <c>changeType</c>) live here, as the docs say the tokens encode them.
/// </summary>
internal sealed record GraphDeltaRound(
    string FolderId,
    IReadOnlyList<string>? Select,
    string? ChangeType,
    int? Top,
    IReadOnlyList<GraphDeltaEntry> Entries,
    IReadOnlyDictionary<long, GraphDeltaKnown> Baseline);

/// <summary>A <c>$skiptoken</c>: the round and where its next page starts. Asking for it again gives the same page
/// (a replay), so a client retrying a lost answer does not skip changes.</summary>
internal sealed record GraphDeltaSkip(GraphDeltaRound Round, int Offset);

/// <summary>A <c>$deltatoken</c>: the folder's state at the end of a round and the round's query options.</summary>
/// <param name="LastEntries">The changes the round handed out, for a replay (<see cref="GraphTestMailbox.ReplayDeltaChanges"/>).</param>
internal sealed record GraphDeltaLink(
    string FolderId,
    IReadOnlyList<string>? Select,
    string? ChangeType,
    int? Top,
    IReadOnlyDictionary<long, GraphDeltaKnown> Baseline,
    IReadOnlyList<GraphDeltaEntry> LastEntries);
