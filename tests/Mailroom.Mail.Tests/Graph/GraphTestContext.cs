using Mailroom.Core.Accounts;
using Mailroom.Mail.Graph;
using Mailroom.Mail.Tests.Ews;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>A Graph account, its scripted Graph, a token source and a clock whose waits return at once.</summary>
internal sealed class GraphTestContext
{
    public const string Mailbox = "helpdesk@contoso.example";
    public const string Root = "https://graph.test.example";

    public GraphScript Script { get; } = new();

    public RecordingTimeProvider Time { get; } = new();

    public FakeTokenSource Tokens { get; }

    public GraphOptions Options { get; }

    public Account Account { get; } = new()
    {
        Name = "Help Desk 365",
        Type = AccountType.Graph,
        OAuth = new OAuthSettings(OAuthProvider.Microsoft, "11111111-2222-3333-4444-555555555555", OAuthFlow.ClientCredentials)
        {
            Tenant = "contoso.example",
            ClientSecret = new Secret("not-a-real-secret"),
        },
        Graph = new GraphMailboxSettings(Mailbox, Root),
    };

    public GraphTestContext(Func<GraphOptions, GraphOptions>? options = null)
    {
        Tokens = new FakeTokenSource(Time);
        var defaults = GraphOptions.Default with { TimeProvider = Time, RetryDelay = TimeSpan.FromSeconds(2) };
        Options = options is null ? defaults : options(defaults);
    }

    public GraphTransportFactory Factory() => new(Tokens, NullLoggerFactory.Instance, Options, () => Script);

    public GraphClient Client() => Factory().CreateClient(Account);

    public GraphMailbox OpenMailbox(string folderId = "inbox-id") => new(Client(), folderId, "Inbox", Options, NullLogger.Instance);

    /// <summary>The address a call for the mailbox goes to.</summary>
    public static string User(string relative) => $"/v1.0/users/{Mailbox}/{relative}";
}
