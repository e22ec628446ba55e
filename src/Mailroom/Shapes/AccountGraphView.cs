using Mailroom.Core.Accounts;

namespace Mailroom.Shapes;

/// <summary>The <c>graph</c> block of <c>accounts show --json</c>: the mailbox and the Graph root in use.</summary>
internal sealed record AccountGraphView(string Mailbox, string GraphUrl)
{
    public static AccountGraphView? From(Account account) =>
        account.Graph is { } g ? new(g.Mailbox, g.EffectiveGraphUrl) : null;
}
