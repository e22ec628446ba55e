using System.Text.Json;
using Mailroom.Testing.Graph;
using Mailroom.Testing.OAuth;
using Mailroom.Tests.Monitor;

namespace Mailroom.Tests.Sending;

/// <summary>
/// A Microsoft 365 account driven as an administrator would, through the real <c>mailroom</c> command: record mail
/// goes out through Graph's sendMail carrying the headers Mailroom wrote, and Test Account names the client secret
/// when the identity platform refuses it. The identity platform and Graph are the in-process servers written from
/// Microsoft's reference.
/// </summary>
public sealed class GraphSendingCommandTests
{
    private const string Desk = "desk365@contoso.example";
    private const string Customer = "customer365@contoso.example";

    [Fact]
    public async Task Record_mail_through_a_graph_account_leaves_by_sendMail_with_the_conversation_id_and_message_id_mailroom_wrote()
    {
        await using var identity = await OAuthTestServer.StartAsync();
        await using var graph = await GraphTestServer.StartAsync(new GraphTestServerOptions { SigningKey = identity.SigningKey });
        var app = identity.AddClient("send-secret");
        graph.AddMailbox(Desk);
        var customer = graph.AddMailbox(Customer);
        await WithDataAsync(async (data, env) =>
        {
            await RunOkAsync(data, env, "accounts", "add", "graph", "--name", "Desk365", "--tenant", identity.Tenant, "--client-id", app.ClientId,
                "--client-secret-env", "GRAPH_TEST_SECRET", "--mailbox", Desk, "--authority", identity.Authority, "--graph-url", graph.GraphUrl,
                "--available-to-users", "--from-address", Desk, "--default-from", Desk);
            using var record = JsonDocument.Parse(await RunOkAsync(data, env, "records", "create", "--subject", "Printer on fire", "--requester", Customer, "--json"));
            var id = record.RootElement.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var queued = JsonDocument.Parse(await RunOkAsync(data, env, "send", "--record", id, "--account", "Desk365", "--to", Customer,
                "--subject", "About your printer", "--body", "We are on our way.", "--json"));
            var messageId = queued.RootElement.GetProperty("messageId").GetString()!.Trim('<', '>');
            var conversationId = queued.RootElement.GetProperty("conversationId").GetString()!;

            await RunOkAsync(data, env, "outbox", "run", "--once");

            var sent = Assert.Single(graph.Sent);
            Assert.Equal(Desk, sent.Mailbox, ignoreCase: true);
            var mime = sent.Parse();
            Assert.Equal(messageId, mime.MessageId);
            Assert.Contains(conversationId, mime.Subject, StringComparison.Ordinal);
            Assert.Equal(Desk, mime.From.Mailboxes.Single().Address, ignoreCase: true);
            Assert.Single(customer.Messages("inbox")); // delivered once, to the customer's mailbox
            using var outbox = JsonDocument.Parse(await RunOkAsync(data, env, "outbox", "list", "--all", "--json"));
            Assert.Equal("sent", Assert.Single(outbox.RootElement.GetProperty("messages").EnumerateArray()).GetProperty("state").GetString());
        });
    }

    [Fact]
    public async Task Test_account_with_a_wrong_client_secret_exits_5_naming_the_client_secret_and_the_identity_platforms_words()
    {
        await using var identity = await OAuthTestServer.StartAsync();
        await using var graph = await GraphTestServer.StartAsync(new GraphTestServerOptions { SigningKey = identity.SigningKey });
        var app = identity.AddClient("the-right-secret");
        graph.AddMailbox(Desk);
        await WithDataAsync(async (data, env) =>
        {
            env["GRAPH_TEST_SECRET"] = "a-wrong-secret";
            await RunOkAsync(data, env, "accounts", "add", "graph", "--name", "Wrong365", "--tenant", identity.Tenant, "--client-id", app.ClientId,
                "--client-secret-env", "GRAPH_TEST_SECRET", "--mailbox", Desk, "--authority", identity.Authority, "--graph-url", graph.GraphUrl);

            var test = await MailroomProcess.RunAsync(data, env, "accounts", "test", "Wrong365", "--to", Desk);

            Assert.True(test.ExitCode == 5, $"exit {test.ExitCode}: {test.Output} {test.Error}");
            Assert.Contains("AADSTS7000215", test.Output, StringComparison.Ordinal);
            Assert.Contains("client secret", test.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("a-wrong-secret", test.Output + test.Error, StringComparison.Ordinal);
            Assert.Empty(graph.Sent);
        });
    }

    private static async Task WithDataAsync(Func<string, Dictionary<string, string>, Task> body)
    {
        var data = Path.Combine(Path.GetTempPath(), "mailroom-graphsend-" + Guid.NewGuid().ToString("N")[..10]);
        var env = new Dictionary<string, string> { ["GRAPH_TEST_SECRET"] = "send-secret" };
        try
        {
            await body(data, env);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<string> RunOkAsync(string data, IReadOnlyDictionary<string, string> env, params string[] arguments)
    {
        var run = await MailroomProcess.RunAsync(data, env, arguments);
        Assert.True(run.ExitCode == 0, $"mailroom {string.Join(' ', arguments.Take(2))} exited {run.ExitCode}: {run.Error}");
        return run.Output;
    }
}
