using System.Globalization;
using System.Text.Json;
using Mailroom.Testing.Faults;
using Xunit.Abstractions;

namespace Mailroom.Tests.Faults;

/// <summary>
/// The outbox of a running <c>mailroom serve</c> sends replies through a Postfix that first answers every connection
/// 421 (shedding load), then is down, then comes back: each reply reaches the customer's mailbox exactly once, and
/// meanwhile <c>outbox list</c> shows each waiting for its next try with the server's words (the Outbox page's Retrying), then sent, and the log says so.
/// </summary>
/// <remarks>The "a minute" of 421 is the shape; short retry delays make it a few tries over a few seconds.</remarks>
[Collection(FaultsCollection.Name)]
public sealed class PostfixRefusalFaultTests(ITestOutputHelper output)
{
    private const int Replies = 6;

    [Fact]
    public async Task Postfix_answering_421_then_down_then_back_every_reply_is_delivered_once_and_the_outbox_shows_retrying_then_sent()
    {
        await FaultMailServer.StartAsync();
        var desk = await FaultMailServer.CreateUserAsync("pfdesk");
        var customer = await FaultMailServer.CreateUserAsync("pfcust");
        var run = Guid.NewGuid().ToString("N")[..8];

        await using var fd = new FaultDesk(output);
        // The plain SMTP port of the faults Postfix, without sign-in (it takes mail from 127.0.0.1 for its users).
        await fd.AddImapAccountAsync("Desk", desk, FaultMailServer.ImapsPort, FaultMailServer.SmtpPort, "--smtp-security", "none", "--smtp-user", "",
            "--available-to-users", "--from-address", desk.Address, "--default-from", desk.Address);
        var sent = new List<string>();
        for (var i = 0; i < Replies; i++)
        {
            var record = JsonDocument.Parse(await fd.CliAsync("records", "create", "--subject", $"Fault reply record {run} {i}", "--requester", customer.Address, "--json"));
            var id = record.RootElement.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
            var queued = JsonDocument.Parse(await fd.CliAsync("send", "--record", id, "--account", "Desk", "--to", customer.Address,
                "--subject", $"Fault reply {run} {i}", "--body", $"Reply number {i}.", "--json"));
            sent.Add(FaultDesk.Bare(queued.RootElement.GetProperty("messageId").GetString()!));
        }

        await FaultMailServer.RefuseSmtpAsync(true);
        var serve = fd.Start("serve", new Dictionary<string, string>
        {
            ["Mailroom__Outbox__FirstRetryDelay"] = "00:00:01",
            ["Mailroom__Outbox__MaxRetryDelay"] = "00:00:02",
            ["Mailroom__Outbox__PollInterval"] = "00:00:01",
        });
        try
        {
            // A spell of 421: every reply waits, retrying, with the server's words; none is failed or sent.
            await fd.UntilAsync("outbox list showed every reply retrying with Postfix's 421 after two tries or more", TimeSpan.FromMinutes(2), async () =>
            {
                var rows = await fd.OutboxListAsync();
                return rows.Count == Replies && rows.All(r => Retrying(r) && Error(r).Contains("421", StringComparison.Ordinal) && r.GetProperty("attempts").GetInt32() >= 2);
            });
            await serve.WaitForLineAsync("not sent, will try again at", TimeSpan.FromSeconds(30));

            // Then down: the refusal becomes a refused connection, still retrying.
            await FaultMailServer.StopAsync("postfix");
            var attemptsWhenDown = (await fd.OutboxListAsync()).ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("attempts").GetInt32());
            await fd.UntilAsync("outbox list showed every reply retrying after Postfix went down, no longer with the 421", TimeSpan.FromMinutes(2), async () =>
            {
                var rows = await fd.OutboxListAsync();
                return rows.All(r => Retrying(r) && !Error(r).Contains("421", StringComparison.Ordinal)
                    && r.GetProperty("attempts").GetInt32() > attemptsWhenDown[r.GetProperty("id").GetInt64()]);
            });
            output.WriteLine($"error while down: {Error((await fd.OutboxListAsync())[0])}");
            Assert.True(serve.Running, "serve exited while Postfix was refusing or down");

            // Back (a start takes mail again): every reply goes out by itself, once.
            await FaultMailServer.StartAsync();
            await fd.UntilAsync("outbox list showed every reply sent", TimeSpan.FromMinutes(2), async () =>
                (await fd.OutboxListAsync()).All(r => State(r) == "sent"));
            var rows = await fd.OutboxListAsync();
            Assert.All(rows, r => Assert.False(r.GetProperty("unknownOutcome").GetBoolean(), "a try was cut off after the data went out"));

            IReadOnlyList<string> arrived = [];
            await fd.UntilAsync($"the customer's mailbox held all {Replies} replies", TimeSpan.FromMinutes(2), async () =>
                (arrived = await FaultMailServer.InboxMessageIdsAsync(customer)).Count >= Replies);
            Assert.Equal(sent.Order(StringComparer.OrdinalIgnoreCase), arrived.Select(FaultDesk.Bare).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
            await serve.WaitForLineAsync("sent through account", TimeSpan.FromSeconds(30));
        }
        catch
        {
            fd.WriteLogs();
            throw;
        }
        finally
        {
            await FaultMailServer.StartAsync();
        }
    }

    private static string State(JsonElement row) => row.GetProperty("state").GetString()!;

    /// <summary>
    /// What the Outbox page lists under Retrying: tried and not given up, due again later (<c>waiting</c> with a last
    /// error) or taken for its next try right now (<c>claimed</c>).
    /// </summary>
    private static bool Retrying(JsonElement row) =>
        State(row) is "waiting" or "claimed" && row.GetProperty("attempts").GetInt32() > 0 && row.GetProperty("lastError").ValueKind == JsonValueKind.String;

    private static string Error(JsonElement row) => row.GetProperty("lastError").GetString() ?? "";
}
