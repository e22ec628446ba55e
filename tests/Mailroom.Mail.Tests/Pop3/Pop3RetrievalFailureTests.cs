using Mailroom.Core.Accounts;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.Pop3;

/// <summary>
/// What no real server here does on demand: a RETR cut off in the middle, and a RETR refused. A scripted POP3 server
/// stands in; everything else the POP3 mailbox does is tested against the real Dovecot.
/// </summary>
public sealed class Pop3RetrievalFailureTests
{
    private const string Message = "Subject: whole\r\n\r\nthe whole body\r\n";

    [Fact]
    public async Task RetrCutOff_FailsTheOpen_AndTheNextListingSignsInAfresh()
    {
        var sessions = 0;
        await using var server = new FakeServer((reader, writer, ct) =>
            PlayAsync(reader, writer, Interlocked.Increment(ref sessions) == 1 ? RetrReply.CutOff : RetrReply.Whole, ct));
        await using var mailbox = await OpenAsync(server);
        var listed = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => mailbox.OpenOneAsync(listed, CancellationToken.None));
        var again = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
        await using var stream = await mailbox.OpenOneAsync(again, CancellationToken.None);

        Assert.Contains("127.0.0.1", failure.Message, StringComparison.Ordinal);
        Assert.Equal(Message, await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task RetrRefused_IsThatMessagesFailure_AndTheConnectionGoesOn()
    {
        await using var server = new FakeServer((reader, writer, ct) => PlayAsync(reader, writer, RetrReply.Refused, ct));
        await using var mailbox = await OpenAsync(server);
        var listed = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);

        var fetched = await mailbox.FetchAsync([listed], CancellationToken.None).Select(f => (f.Content, f.Failure)).ToListAsync();
        await mailbox.CompleteAsync(listed, PostAction.Delete, CancellationToken.None);

        var (content, failure) = Assert.Single(fetched);
        Assert.Null(content);
        Assert.Contains("no such message", failure, StringComparison.Ordinal);
        Assert.Equal(1, server.Connections);
    }

    private enum RetrReply
    {
        Whole,
        CutOff,
        Refused,
    }

    private static async Task<IIncomingMailbox> OpenAsync(FakeServer server) =>
        await Accounts.Factory().OpenIncomingAsync(
            Accounts.Pop3(new MailUser("desk@example.test", "pw"), SecurityMode.None, server.Port, allowInvalid: false, host: "127.0.0.1"),
            null, CancellationToken.None);

    /// <summary>Just enough POP3 for MailKit to sign in, list one message and retrieve it as told.</summary>
    private static async Task PlayAsync(StreamReader reader, StreamWriter writer, RetrReply retr, CancellationToken ct)
    {
        await writer.WriteLineAsync("+OK scripted POP3 server");
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var command = line.Split(' ')[0].ToUpperInvariant();
            switch (command)
            {
                case "CAPA":
                    await writer.WriteAsync("+OK\r\nUSER\r\nUIDL\r\n.\r\n");
                    break;
                case "USER" or "PASS" or "NOOP" or "DELE":
                    await writer.WriteLineAsync("+OK");
                    break;
                case "STAT":
                    await writer.WriteLineAsync($"+OK 1 {Message.Length}");
                    break;
                case "UIDL":
                    await writer.WriteAsync("+OK\r\n1 uid-1\r\n.\r\n");
                    break;
                case "LIST":
                    await writer.WriteAsync($"+OK\r\n1 {Message.Length}\r\n.\r\n");
                    break;
                case "RETR" when retr == RetrReply.CutOff:
                    await writer.WriteAsync("+OK\r\nSubject: whole\r\n\r\nthe who");
                    return;
                case "RETR" when retr == RetrReply.Refused:
                    await writer.WriteLineAsync("-ERR no such message");
                    break;
                case "RETR":
                    await writer.WriteAsync($"+OK\r\n{Message}.\r\n");
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
