using System.Runtime.CompilerServices;
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

    /// <summary>Mailbox ids the server will not give whole: fetched with this failure and only their first bytes.</summary>
    public Dictionary<string, string> Unreadable { get; } = [];

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

    /// <summary>A delivered message's bytes, as a test that writes the ledger by hand needs them.</summary>
    public Stream Raw(MailboxMessage message) =>
        new MemoryStream(_messages.Single(m => m.Uid == uint.Parse(message.MailboxId.Split(':')[1])).Raw, writable: false);

    public async IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await Task.Yield();
            await using var content = Raw(message);
            if (Unreadable.TryGetValue(message.MailboxId, out var failure))
            {
                await using var partial = new MemoryStream(((MemoryStream)content).ToArray()[..10], writable: false);
                yield return new FetchedMessage(message, partial, failure);
                continue;
            }

            yield return new FetchedMessage(message, content, null);
        }
    }

    public Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken)
    {
        var failures = new List<PostActionFailure>();
        foreach (var message in messages)
        {
            if (RefusePostAction.Contains(message.MailboxId))
            {
                failures.Add(new PostActionFailure(message, "The IMAP server replied NO: [TRYCREATE] Mailbox doesn't exist: Done"));
                continue;
            }

            Completed.Add((message.MailboxId, action));
        }

        return Task.FromResult<IReadOnlyList<PostActionFailure>>(failures);
    }

    public Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken) => Task.Delay(pollInterval, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
