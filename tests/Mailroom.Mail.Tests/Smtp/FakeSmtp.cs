using Mailroom.Core.Accounts;
using Mailroom.Mail.Tests.Support;

namespace Mailroom.Mail.Tests.Smtp;

/// <summary>What the fake SMTP server does with a message.</summary>
internal enum FakeSmtpBehaviour
{
    Accept,
    DropAfterMailFrom,
    DropAfterData,
    Reply451AfterData,
    Reply554AfterData,
}

/// <summary>A scripted SMTP server for the failures Postfix cannot be made to show on demand.</summary>
internal static class FakeSmtp
{
    /// <param name="behaviour">What happens to each message.</param>
    /// <param name="verbs">Where every command's verb is recorded, in order, when given.</param>
    public static FakeServer Start(FakeSmtpBehaviour behaviour, System.Collections.Concurrent.ConcurrentQueue<string>? verbs = null) => new(async (reader, writer, ct) =>
    {
        await writer.WriteLineAsync("220 fake.test ESMTP");
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
            verbs?.Enqueue(verb);
            switch (verb)
            {
                case "RCPT" when line.Contains("refused@", StringComparison.OrdinalIgnoreCase):
                    await writer.WriteLineAsync("550 5.1.1 <refused@b.test>: Recipient address rejected: User unknown");
                    break;
                case "EHLO" or "HELO" or "RCPT" or "RSET" or "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "MAIL" when behaviour == FakeSmtpBehaviour.DropAfterMailFrom:
                    return;
                case "MAIL":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    while (await reader.ReadLineAsync(ct) is { } data && data != ".")
                    {
                    }

                    switch (behaviour)
                    {
                        case FakeSmtpBehaviour.DropAfterData:
                            return;
                        case FakeSmtpBehaviour.Reply451AfterData:
                            await writer.WriteLineAsync("451 4.3.0 Temporary local problem, try again later");
                            break;
                        case FakeSmtpBehaviour.Reply554AfterData:
                            await writer.WriteLineAsync("554 5.7.1 Message refused by policy");
                            break;
                        default:
                            await writer.WriteLineAsync("250 2.0.0 queued");
                            break;
                    }

                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 not implemented");
                    break;
            }
        }
    });

    public static Account Account(FakeServer server) => new()
    {
        Name = "fake-smtp",
        Type = AccountType.Imap,
        Incoming = new IncomingServer("127.0.0.1"),
        Outgoing = new OutgoingServer("127.0.0.1", server.Port, SecurityMode.None),
    };
}
