using System.Text;
using Mailroom.Mail;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// An in-memory mailbox for engine tests that need no server: IMAP-like ids (<c>UIDVALIDITY:UID</c>), a checkpoint
/// that is the last UID listed, and a record of every post-action. Real-server behaviour is tested against Dovecot.
/// </summary>
internal sealed class FakeMailbox : IIncomingMailbox
{
    private readonly List<(uint Uid, byte[] Raw)> _messages = [];
    private uint _nextUid = 1;

    public uint UidValidity { get; private set; } = 1;

    public List<(string MailboxId, PostAction Action)> Completed { get; } = [];

    /// <summary>Mailbox ids whose post-action the server refuses (the connection stays fine).</summary>
    public HashSet<string> RefusePostAction { get; } = [];

    public void Deliver(string raw) => _messages.Add((_nextUid++, Encoding.UTF8.GetBytes(raw)));

    /// <summary>Delivers a message byte for byte (a corpus file, or deliberately broken bytes).</summary>
    public void Deliver(byte[] raw) => _messages.Add((_nextUid++, raw));

    /// <summary>As when a server rebuilds its index: every message gets a new id under a new UIDVALIDITY.</summary>
    public void ResetUidValidity() => UidValidity++;

    public Task<MailboxListing> ListAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var after = 0u;
        var reset = false;
        if (checkpoint is not null)
        {
            var parts = checkpoint.Split(':');
            if (uint.Parse(parts[0]) == UidValidity)
            {
                after = uint.Parse(parts[1]);
            }
            else
            {
                reset = true;
            }
        }

        var listed = _messages.Where(m => m.Uid > after).Select(m => new MailboxMessage($"{UidValidity}:{m.Uid}", m.Raw.Length)).ToList();
        var last = _messages.Count == 0 ? after : _messages.Max(m => m.Uid);
        return Task.FromResult(new MailboxListing(listed, $"{UidValidity}:{last}", reset));
    }

    public Task<Stream> OpenAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        var uid = uint.Parse(message.MailboxId.Split(':')[1]);
        return Task.FromResult<Stream>(new MemoryStream(_messages.Single(m => m.Uid == uid).Raw, writable: false));
    }

    public Task CompleteAsync(MailboxMessage message, PostAction action, CancellationToken cancellationToken)
    {
        if (RefusePostAction.Contains(message.MailboxId))
        {
            throw new MailKit.Net.Imap.ImapCommandException(MailKit.Net.Imap.ImapCommandResponse.No, "[TRYCREATE] Mailbox doesn't exist: Done", "The IMAP server replied NO: Mailbox doesn't exist: Done");
        }

        Completed.Add((message.MailboxId, action));
        return Task.CompletedTask;
    }

    public Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken) => Task.Delay(pollInterval, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
