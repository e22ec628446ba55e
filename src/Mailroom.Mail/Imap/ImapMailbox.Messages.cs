using System.Runtime.CompilerServices;
using MailKit;
using MailKit.Net.Imap;
using Mailroom.Mail.Connections;

namespace Mailroom.Mail.Imap;

/// <summary>Fetching and completing messages.</summary>
internal sealed partial class ImapMailbox
{
    /// <summary>Fetches the messages one after another (see <see cref="OpenOneAsync"/>), each spool closed when the next is asked for.</summary>
    public async IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            var content = await OpenOneAsync(message, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                yield return new FetchedMessage(message, content, null);
            }
        }
    }

    /// <summary>
    /// Fetches the message in pieces of <see cref="Connections.MailConnectionOptions.FetchChunkBytes"/> (BODY.PEEK[]&lt;offset.count&gt;,
    /// which leaves \Seen alone) into a spool file deleted on close, so memory stays near one piece whatever the size,
    /// and the connection is free again when the stream is returned.
    /// </summary>
    private Task<Stream> OpenOneAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var uid = ImapMessageId.Parse(message.MailboxId, _folder.UidValidity);
        return CommandAsync<Stream>(async ct =>
        {
            var chunk = _connector.Options.FetchChunkBytes;
            var spool = Spool.Create(_connector.Options.SpoolDirectory);
            try
            {
                var offset = 0;
                while (true)
                {
                    long read;
                    using (var piece = await _folder.GetStreamAsync(uid, offset, chunk, ct).ConfigureAwait(false))
                    {
                        var before = spool.Position;
                        await piece.CopyToAsync(spool, ct).ConfigureAwait(false);
                        read = spool.Position - before;
                    }

                    offset = checked(offset + (int)read);
                    if (read < chunk)
                    {
                        break;
                    }
                }

                await spool.FlushAsync(ct).ConfigureAwait(false);
                spool.Position = 0;
                return spool;
            }
            catch
            {
                await spool.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }, cancellationToken);
    }

    /// <summary>Does the post-action on each message in turn (see <see cref="CompleteOneAsync"/>).</summary>
    public async Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            await CompleteOneAsync(message, action, cancellationToken).ConfigureAwait(false);
        }

        return [];
    }

    /// <summary>
    /// Does the post-action. A message that is no longer in the folder counts as done: an earlier run did the action
    /// (or someone removed the message) and crashed before recording it, and the monitor repeats the post-action after
    /// a crash. IMAP needs no check for that: UID STORE, UID EXPUNGE, UID MOVE and UID COPY of a UID that is gone
    /// succeed and touch nothing (RFC 9051 6.4.9; the tests
    /// check it on Dovecot). A message listed under an earlier UIDVALIDITY is skipped as done
    /// too, since its UID may now name another message; if it is still there it is listed again under the new one.
    /// </summary>
    private Task CompleteOneAsync(MailboxMessage message, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(action);
        if (!ImapMessageId.TryParseCurrent(message.MailboxId, _folder.UidValidity, out var uid))
        {
            ConnectionLog.StaleMessageSkipped(_connector.Logger, _endpoint.ToString(), message.MailboxId);
            return Task.CompletedTask;
        }

        return CommandAsync(async ct =>
        {
            switch (action)
            {
                case PostAction.MarkReadAction:
                    await _folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct).ConfigureAwait(false);
                    break;
                case PostAction.DeleteAction:
                    await _folder.AddFlagsAsync(uid, MessageFlags.Deleted, silent: true, ct).ConfigureAwait(false);
                    await ExpungeAsync(uid, ct).ConfigureAwait(false);
                    break;
                case PostAction.MoveAction move:
                    await MoveAsync(uid, move.Folder, ct).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentException($"Unknown post-action '{action}'.", nameof(action));
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>MOVE (RFC 6851) where offered; else COPY, then \Deleted and expunge of that one message.</summary>
    private async Task MoveAsync(UniqueId uid, string folderName, CancellationToken ct)
    {
        var destination = await GetOrCreateFolderAsync(folderName, ct).ConfigureAwait(false);
        if (_client.Capabilities.HasFlag(ImapCapabilities.Move))
        {
            await _folder.MoveToAsync(uid, destination, ct).ConfigureAwait(false);
            return;
        }

        await _folder.CopyToAsync(uid, destination, ct).ConfigureAwait(false);
        await _folder.AddFlagsAsync(uid, MessageFlags.Deleted, silent: true, ct).ConfigureAwait(false);
        await ExpungeAsync(uid, ct).ConfigureAwait(false);
    }

    /// <summary>UID EXPUNGE (UIDPLUS) removes only this message; without it a plain EXPUNGE removes every \Deleted one.</summary>
    private Task ExpungeAsync(UniqueId uid, CancellationToken ct) =>
        _client.Capabilities.HasFlag(ImapCapabilities.UidPlus)
            ? _folder.ExpungeAsync([uid], ct)
            : _folder.ExpungeAsync(ct);

    /// <summary>Finds the folder by its full name, creating it (and any missing parents) under the personal namespace.</summary>
    private async Task<IMailFolder> GetOrCreateFolderAsync(string name, CancellationToken ct)
    {
        if (_destinations.TryGetValue(name, out var known))
        {
            return known;
        }

        IMailFolder folder;
        try
        {
            folder = await _client.GetFolderAsync(name, ct).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            var root = _client.GetFolder(_client.PersonalNamespaces[0])
                ?? throw new InvalidOperationException("The IMAP server has no personal namespace to create a folder in.");
            var separator = root.DirectorySeparator == '\0' ? '/' : root.DirectorySeparator;
            folder = root;
            foreach (var part in name.Split(separator, StringSplitOptions.RemoveEmptyEntries))
            {
                var existing = (await folder.GetSubfoldersAsync(false, ct).ConfigureAwait(false)).FirstOrDefault(f => f.Name == part);
                folder = existing ?? await folder.CreateAsync(part, isMessageFolder: true, ct).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The IMAP server did not create the folder '{name}'.");
            }

            await folder.SubscribeAsync(ct).ConfigureAwait(false);
        }

        _destinations[name] = folder;
        return folder;
    }
}
