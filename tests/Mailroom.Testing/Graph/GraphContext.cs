namespace Mailroom.Testing.Graph;

/// <summary>What an operation handler gets: the server, the request, its resource path and the mailbox.</summary>
internal sealed record GraphContext(GraphTestServer Server, GraphCall Call, GraphRoute Route, GraphTestMailbox Mailbox)
{
    public bool ImmutableIds => Call.Prefer.ImmutableIds;

    public TimeProvider Clock => Server.Options.Clock;

    /// <summary>The absolute base of links the server hands out (<c>{GraphUrl}/v1.0/</c>).</summary>
    public string LinkBase => Server.GraphUrl + "/v1.0/";

    /// <summary>The mailbox part of links, as the request named it (<c>me</c> or <c>users/{u}</c>).</summary>
    public string MailboxPath => Route.Me ? "me" : "users/" + Uri.EscapeDataString(Route.User!);

    public string? Query(string name) => Route.Query.TryGetValue(name, out var value) ? value : null;
}
