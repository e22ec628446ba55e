namespace Mailroom.Testing.Graph;

/// <summary>What a request to the <see cref="GraphTestServer"/> asked for; counters, faults and records use it.</summary>
public enum GraphRequestKind
{
    /// <summary>A path the server does not know, or a method the resource does not allow.</summary>
    Other,
    ListFolders,
    GetFolder,
    ListChildFolders,
    CreateFolder,
    ListMessages,
    GetMessage,
    /// <summary><c>GET .../messages/{id}/$value</c>: the message's MIME.</summary>
    GetMime,
    UpdateMessage,
    MoveMessage,
    DeleteMessage,
    Delta,
    SendMail,
    /// <summary>The outer <c>POST /v1.0/$batch</c>; each of its requests is counted under its own kind as well.</summary>
    Batch,
}
