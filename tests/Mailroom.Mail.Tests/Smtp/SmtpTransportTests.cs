using Mailroom.Core.Accounts;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Mail.Tests.Smtp;

/// <summary>Sending through the real Postfix submission port, and the failures only a scripted server shows on demand.</summary>
public sealed class SmtpTransportTests
{
    [Fact]
    public async Task Send_ToAKnownAndAnUnknownRecipient_DeliversToOneAndReportsTheOtherAsPermanent()
    {
        var sender = await MailServer.CreateUserAsync("smtp");
        var known = await MailServer.CreateUserAsync("rcpt");
        var unknown = $"nobody-{Guid.NewGuid():N}@{MailServer.DefaultDomain}";
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(Accounts.Imap(sender).WithSmtp(), CancellationToken.None);
        var message = Message(sender, "partly delivered", known.Address, unknown);

        var outcome = await transport.SendAsync(message, CancellationToken.None);

        var rejected = Assert.Single(outcome.RejectedRecipients);
        Assert.Equal(unknown, rejected.Address);
        Assert.False(rejected.IsTransient);
        Assert.StartsWith("550", rejected.ServerReply, StringComparison.Ordinal);
        await using var probe = await ImapProbe.OpenAsync(known);
        await probe.WaitForCountAsync(1);
        Assert.Equal("partly delivered", Assert.Single((await probe.SubjectsAsync())!).Subject);
    }

    [Fact]
    public async Task Send_WhenEveryRecipientIsRefused_ThrowsPermanentWithTheServersWords()
    {
        var sender = await MailServer.CreateUserAsync("smtpall");
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(Accounts.Imap(sender).WithSmtp(), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<MailSendException>(() =>
            transport.SendAsync(Message(sender, "nobody", $"nobody-{Guid.NewGuid():N}@{MailServer.DefaultDomain}"), CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Contains("550", failure.ServerReply, StringComparison.Ordinal);
        Assert.Contains("every recipient was refused", failure.Message, StringComparison.Ordinal);

        // The server answered: the same transport still sends.
        var ok = await transport.SendAsync(Message(sender, "after a refusal", sender.Address), CancellationToken.None);
        Assert.Empty(ok.RejectedRecipients);
    }

    [Fact]
    public async Task SendBatch_UsesOneConnection()
    {
        await using var server = FakeSmtp.Start(FakeSmtpBehaviour.Accept);
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(FakeSmtp.Account(server), CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            Assert.Empty((await transport.SendAsync(Message(null, $"batch {i}", "a@b.test"), CancellationToken.None)).RejectedRecipients);
        }

        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendBatch_AMessageRefusedInTheMiddle_IsResetAndTheRestGoOnTheSameConnection()
    {
        var verbs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = FakeSmtp.Start(FakeSmtpBehaviour.Accept, verbs);
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(FakeSmtp.Account(server), CancellationToken.None);

        var first = await transport.SendAsync(Message(null, "first", "a@b.test"), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message(null, "refused", "refused@b.test"), CancellationToken.None));
        var third = await transport.SendAsync(Message(null, "third", "a@b.test"), CancellationToken.None);

        Assert.Empty(first.RejectedRecipients);
        Assert.False(refused.IsTransient);
        Assert.Contains("550", refused.ServerReply, StringComparison.Ordinal);
        Assert.Empty(third.RejectedRecipients);
        Assert.Equal(1, server.Connections);
        // The refused transaction is reset before the next MAIL FROM (RFC 5321 4.1.1.5), and only then.
        var sequence = string.Join(" ", verbs.Where(v => v is "MAIL" or "RCPT" or "DATA" or "RSET"));
        Assert.Equal("MAIL RCPT DATA MAIL RCPT RSET MAIL RCPT DATA", sequence);
    }

    [Fact]
    public async Task Reply5xx_IsPermanent()
    {
        await using var server = FakeSmtp.Start(FakeSmtpBehaviour.Reply554AfterData);
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(FakeSmtp.Account(server), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message(null, "x", "a@b.test"), CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.False(failure.MaybeAccepted);
        Assert.Contains("554", failure.ServerReply, StringComparison.Ordinal);
        Assert.Contains("refused by policy", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply4xx_IsTransient()
    {
        await using var server = FakeSmtp.Start(FakeSmtpBehaviour.Reply451AfterData);
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(FakeSmtp.Account(server), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message(null, "x", "a@b.test"), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("451", failure.ServerReply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionLostBeforeData_IsTransient_AndTheNextSendReconnects()
    {
        await using var server = FakeSmtp.Start(FakeSmtpBehaviour.DropAfterMailFrom);
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(FakeSmtp.Account(server), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message(null, "x", "a@b.test"), CancellationToken.None));
        Assert.True(failure.IsTransient);
        Assert.False(failure.MaybeAccepted);

        await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message(null, "y", "a@b.test"), CancellationToken.None));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task ConnectionLostAfterData_IsTransientAndMaybeAccepted()
    {
        await using var server = FakeSmtp.Start(FakeSmtpBehaviour.DropAfterData);
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(FakeSmtp.Account(server), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message(null, "x", "a@b.test"), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.True(failure.MaybeAccepted);
        Assert.Contains("may have been delivered", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerDown_WhenReconnecting_IsTransient()
    {
        var server = FakeSmtp.Start(FakeSmtpBehaviour.DropAfterMailFrom);
        var account = FakeSmtp.Account(server);
        await using var transport = await Accounts.Factory().OpenOutgoingAsync(account, CancellationToken.None);
        await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message(null, "x", "a@b.test"), CancellationToken.None));
        await server.DisposeAsync();

        // Hold the freed port, bound but not listening, so the reconnect meets a refusal rather than a server another
        // test started meanwhile on the same port (Kestrel binds with SO_REUSEADDR and may be handed it at once).
        using var holder = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        holder.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.ReuseAddress, true);
        holder.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Port));

        var failure = await Assert.ThrowsAsync<MailSendException>(() => transport.SendAsync(Message(null, "y", "a@b.test"), CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains("connection refused", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenOutgoing_WithAClosedPort_IsConnectionRefusedAndTransient()
    {
        var account = new Account
        {
            Name = "closed",
            Type = AccountType.Pop3,
            Incoming = new IncomingServer("127.0.0.1"),
            Outgoing = new OutgoingServer("127.0.0.1", FakeServer.ClosedPort(), SecurityMode.None),
        };

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Factory().OpenOutgoingAsync(account, CancellationToken.None));

        Assert.Equal(MailFailureKind.ConnectionRefused, failure.Kind);
        Assert.True(failure.IsTransient);
    }

    private static MimeMessage Message(MailUser? from, string subject, params string[] to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from?.Address ?? $"desk@{MailServer.DefaultDomain}"));
        foreach (var address in to)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "body" };
        return message;
    }
}
