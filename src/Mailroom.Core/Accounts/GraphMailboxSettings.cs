namespace Mailroom.Core.Accounts;

/// <summary>The Microsoft Graph side of a Graph account: which mailbox, and where Graph answers.</summary>
/// <param name="Mailbox">The user or shared mailbox's address; every call goes to <c>/users/{Mailbox}/...</c>.</param>
/// <param name="GraphUrl">Graph's root, for national clouds and tests; null means <see cref="DefaultGraphUrl"/>.</param>
public sealed record GraphMailboxSettings(string Mailbox, string? GraphUrl = null)
{
    public const string DefaultGraphUrl = "https://graph.microsoft.com";

    public string EffectiveGraphUrl => (GraphUrl ?? DefaultGraphUrl).TrimEnd('/');
}
