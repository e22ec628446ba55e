using Mailroom.Core.Accounts;
using Mailroom.Mail.Pop3;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.Pop3;

/// <summary>
/// Fetching and deleting many messages at once over POP3: pipelined RETR and DELE on the real Dovecot (which offers
/// PIPELINING), and a scripted server that answers only once the whole pipeline has reached it.
/// </summary>
public sealed class Pop3BatchTests
{
    [Fact]
    public async Task FetchMany_MoreThanOnePipelineDeep_YieldsEachInOrder_AndOneDeletedInTheSessionIsItsOwnFailure()
    {
        var user = await MailServer.CreateUserAsync("popbatch");
        await using var probe = await ImapProbe.OpenAsync(user);
        var count = Pop3Mailbox.PipelineDepth + 8;
        for (var i = 1; i <= count; i++)
        {
            await probe.AppendAsync("INBOX", TestMessages.New(user, $"pop batch {i}", $"body {i}"));
        }

        var mailbox = await Pop3MailboxTests.Open(user);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;
        Assert.Equal(count, listed.Count);
        var first = await ReadAllAsync(mailbox, listed);
        var third = listed[Array.FindIndex(first, f => f.Text!.Contains("Subject: pop batch 3\r\n", StringComparison.Ordinal))];
        await mailbox.CompleteAsync(third, PostAction.Delete, CancellationToken.None);

        var again = await ReadAllAsync(mailbox, listed);

        Assert.Equal(listed.Select(m => m.MailboxId), again.Select(f => f.Id));
        var refused = Assert.Single(again, f => f.Failure is not null);
        Assert.Equal(third.MailboxId, refused.Id);
        Assert.Null(refused.Text);
        Assert.Contains("deleted", refused.Failure, StringComparison.OrdinalIgnoreCase); // Dovecot: "Message is deleted."
        Assert.Equal(first.Where(f => f.Id != third.MailboxId).Select(f => f.Text), again.Where(f => f.Id != third.MailboxId).Select(f => f.Text));
        Assert.Equal(count, first.Select(f => f.Text).Distinct().Count());
        for (var i = 1; i <= count; i++)
        {
            Assert.Single(first, f => f.Text!.Contains($"Subject: pop batch {i}\r\n", StringComparison.Ordinal) && f.Text.Contains($"body {i}", StringComparison.Ordinal));
        }

        // The session went on after the refusal: the rest are deleted in one pipelined go, committed at QUIT.
        Assert.Empty(await mailbox.CompleteAsync(listed, PostAction.MarkRead, CancellationToken.None));
        Assert.Equal(count, (await probe.SubjectsAsync())!.Count);
        await mailbox.DisposeAsync();
        Assert.Empty((await probe.SubjectsAsync())!);
    }

    [Fact]
    public async Task FetchMany_StoppedEarly_DropsTheSession_AndTheNextListingSignsInAfreshWithEveryMessageStillThere()
    {
        var user = await MailServer.CreateUserAsync("popstop");
        await using var probe = await ImapProbe.OpenAsync(user);
        for (var i = 1; i <= 5; i++)
        {
            await probe.AppendAsync("INBOX", TestMessages.New(user, $"pop stop {i}"));
        }

        await using var mailbox = await Pop3MailboxTests.Open(user);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;

        await foreach (var item in mailbox.FetchAsync(listed, CancellationToken.None))
        {
            Assert.NotNull(item.Content);
            break; // four replies still on their way
        }

        var relisted = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;
        var fetched = await ReadAllAsync(mailbox, relisted);

        Assert.Equal(listed.Select(m => m.MailboxId), relisted.Select(m => m.MailboxId));
        Assert.All(fetched, f => Assert.Null(f.Failure));
        Assert.Equal(5, fetched.Select(f => f.Text).Distinct().Count());
    }

    [Fact]
    public async Task FetchMany_WherePipeliningIsOffered_SendsEveryRetrBeforeReadingAReply()
    {
        // The server answers no RETR until all of them have arrived: a client that waited for each reply before
        // sending the next would wait for ever, and the test's deadline would say so.
        const int count = 3;
        await using var server = new FakeServer((reader, writer, ct) => PlayHoldingRetrAsync(reader, writer, count, ct));
        await using var mailbox = await Accounts.Factory().OpenIncomingAsync(
            Accounts.Pop3(new MailUser("desk@example.test", "pw"), SecurityMode.None, server.Port, allowInvalid: false, host: "127.0.0.1"),
            null, CancellationToken.None);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        List<(string Id, string? Text, string? Failure)> fetched;
        try
        {
            fetched = [.. await ReadAllAsync(mailbox, listed, deadline.Token)];
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"No RETR reply came in 20 s: the client did not send all {count} RETR before reading the first reply.");
        }

        Assert.Equal(["uid-1", "uid-2", "uid-3"], fetched.Select(f => f.Id));
        Assert.Equal("Subject: one\r\n\r\nbody 1\r\n", fetched[0].Text);
        Assert.Null(fetched[1].Text);
        Assert.Contains("no such message", fetched[1].Failure, StringComparison.Ordinal);
        Assert.Equal("Subject: three\r\n\r\n.dotted line\r\n", fetched[2].Text);
        Assert.Equal(1, server.Connections);
    }

    private static async Task<(string Id, string? Text, string? Failure)[]> ReadAllAsync(IIncomingMailbox mailbox, IReadOnlyList<MailboxMessage> messages, CancellationToken cancellationToken = default)
    {
        var fetched = new List<(string, string?, string?)>();
        await foreach (var item in mailbox.FetchAsync(messages, cancellationToken))
        {
            fetched.Add((item.Message.MailboxId, item.Content is null ? null : await new StreamReader(item.Content).ReadToEndAsync(cancellationToken), item.Failure));
        }

        return [.. fetched];
    }

    /// <summary>POP3 with PIPELINING and three messages; RETR replies held until all three RETR are in.</summary>
    private static async Task PlayHoldingRetrAsync(StreamReader reader, StreamWriter writer, int count, CancellationToken ct)
    {
        string[] replies =
        [
            "+OK\r\nSubject: one\r\n\r\nbody 1\r\n.\r\n",
            "-ERR no such message\r\n",
            "+OK\r\nSubject: three\r\n\r\n..dotted line\r\n.\r\n",
        ];
        var held = new List<int>();
        await writer.WriteLineAsync("+OK scripted POP3 server");
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var parts = line.Split(' ');
            switch (parts[0].ToUpperInvariant())
            {
                case "CAPA":
                    await writer.WriteAsync("+OK\r\nUSER\r\nUIDL\r\nPIPELINING\r\n.\r\n");
                    break;
                case "USER" or "PASS" or "NOOP":
                    await writer.WriteLineAsync("+OK");
                    break;
                case "STAT":
                    await writer.WriteLineAsync($"+OK {count} 300");
                    break;
                case "UIDL":
                    await writer.WriteAsync("+OK\r\n1 uid-1\r\n2 uid-2\r\n3 uid-3\r\n.\r\n");
                    break;
                case "LIST":
                    await writer.WriteAsync("+OK\r\n1 100\r\n2 100\r\n3 100\r\n.\r\n");
                    break;
                case "RETR":
                    held.Add(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                    if (held.Count == count)
                    {
                        await writer.WriteAsync(string.Concat(held.Select(n => replies[n - 1])));
                        held.Clear();
                    }

                    break;
                case "QUIT":
                    await writer.WriteLineAsync("+OK bye");
                    return;
                default:
                    await writer.WriteLineAsync("-ERR unknown command");
                    break;
            }
        }
    }
}
