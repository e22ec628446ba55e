using System.Runtime.CompilerServices;
using MailKit;
using MailKit.Net.Imap;
using Mailroom.Mail.Connections;

namespace Mailroom.Mail.Imap;

/// <summary>Fetching and completing messages.</summary>
internal sealed partial class ImapMailbox
{
    /// <summary>A message up to this size (as listed) is fetched with others in one UID FETCH; a larger one in pieces.</summary>
    private const long BatchedMessageBytes = 1024 * 1024;

    /// <summary>How many listed bytes one UID FETCH asks for at most, which bounds what it holds at once.</summary>
    private const long BatchBytes = 16 * 1024 * 1024;

    /// <summary>A message up to this size is held in memory between the fetch and the caller; a larger one in a spool file.</summary>
    private const int InMemoryBytes = 256 * 1024;

    /// <summary>
    /// Fetches the messages in as few round trips as sizes allow: consecutive messages of known, modest size in one
    /// <c>UID FETCH set BODY.PEEK[]</c> (which leaves \Seen alone), each larger or unsized one in pieces (see
    /// <see cref="OpenOneAsync"/>); yielded in the order given, each stream closed when the next is asked for. A
    /// message the server refuses to give (NO to the FETCH, or the message gone since the listing) is yielded with
    /// the reason as its failure while the connection goes on; anything else throws.
    /// </summary>
    public async IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var next = 0;
        while (next < messages.Count)
        {
            var run = TakeRun(messages, next);
            next += Math.Max(run.Count, 1);
            if (run.Count == 0)
            {
                await foreach (var one in FetchOneAsync(messages[next - 1], cancellationToken).ConfigureAwait(false))
                {
                    yield return one;
                }

                continue;
            }

            var fetched = await FetchSetAsync(run, cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var message in run)
                {
                    if (fetched.Remove(message.MailboxId, out var content))
                    {
                        await using (content.ConfigureAwait(false))
                        {
                            yield return new FetchedMessage(message, content, null);
                        }
                    }
                    else
                    {
                        // Not in the answer: gone since the listing, or refused; asked alone, it says which.
                        await foreach (var one in FetchOneAsync(message, cancellationToken).ConfigureAwait(false))
                        {
                            yield return one;
                        }
                    }
                }
            }
            finally
            {
                foreach (var left in fetched.Values)
                {
                    await left.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The consecutive messages from <paramref name="start"/> that go into one UID FETCH; empty when the first is too big or unsized.</summary>
    private static List<MailboxMessage> TakeRun(IReadOnlyList<MailboxMessage> messages, int start)
    {
        var run = new List<MailboxMessage>();
        long bytes = 0;
        for (var i = start; i < messages.Count; i++)
        {
            if (messages[i].Size is not { } size || size > BatchedMessageBytes || (run.Count > 0 && bytes + size > BatchBytes))
            {
                break;
            }

            run.Add(messages[i]);
            bytes += size;
        }

        return run;
    }

    /// <summary>
    /// One UID FETCH for the set; each message copied out of MailKit's buffer as it arrives. A NO for the whole
    /// set gives an empty answer, so that each is then asked alone.
    /// </summary>
    private async Task<Dictionary<string, Stream>> FetchSetAsync(List<MailboxMessage> run, CancellationToken cancellationToken)
    {
        var validity = _folder.UidValidity;
        var byUid = new Dictionary<uint, string>(run.Count);
        foreach (var message in run)
        {
            byUid[ImapMessageId.Parse(message.MailboxId, validity).Id] = message.MailboxId;
        }

        var fetched = new Dictionary<string, Stream>(StringComparer.Ordinal);
        try
        {
            await CommandAsync(async ct =>
            {
                var folder = (ImapFolder)_folder;
                await folder.GetStreamsAsync(byUid.Keys.Select(u => new UniqueId(validity, u)).ToList(), async (_, _, uid, stream, token) =>
                {
                    if (!byUid.TryGetValue(uid.Id, out var id) || fetched.ContainsKey(id))
                    {
                        return;
                    }

                    Stream copy = stream.CanSeek && stream.Length <= InMemoryBytes ? new MemoryStream((int)stream.Length) : Spool.Create(_connector.Options.SpoolDirectory);
                    try
                    {
                        await stream.CopyToAsync(copy, token).ConfigureAwait(false);
                        copy.Position = 0;
                        fetched[id] = copy;
                    }
                    catch
                    {
                        await copy.DisposeAsync().ConfigureAwait(false);
                        throw;
                    }
                }, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (MailConnectionException e) when (IsRefusal(e))
        {
            foreach (var left in fetched.Values)
            {
                await left.DisposeAsync().ConfigureAwait(false);
            }

            fetched.Clear();
        }
        catch
        {
            foreach (var left in fetched.Values)
            {
                await left.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return fetched;
    }

    /// <summary>One message fetched alone, in pieces; a refusal or a message gone is yielded as its failure.</summary>
    private async IAsyncEnumerable<FetchedMessage> FetchOneAsync(MailboxMessage message, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream? content = null;
        string? failure = null;
        try
        {
            content = await OpenOneAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (MailConnectionException e) when (_client.IsConnected && e.InnerException is ImapCommandException or MessageNotFoundException)
        {
            failure = e.InnerException is MessageNotFoundException
                ? "the server no longer has it (it was removed from the folder after it was listed)"
                : e.Message;
        }

        if (content is null)
        {
            yield return new FetchedMessage(message, null, failure);
            yield break;
        }

        await using (content.ConfigureAwait(false))
        {
            yield return new FetchedMessage(message, content, null);
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

    /// <summary>
    /// Does the post-action on all the messages as one UID set: one UID STORE, UID MOVE (or COPY, STORE and UID
    /// EXPUNGE) for the lot. A message that is no longer in the folder counts as done: an earlier run did the action
    /// (or someone removed the message) and crashed before recording it, and the monitor repeats the post-action after
    /// a crash. IMAP needs no check for that: UID STORE, UID EXPUNGE, UID MOVE and UID COPY of a UID that is gone
    /// succeed and touch nothing (RFC 9051 6.4.9; the tests check it on Dovecot), so a set cut short by a crash is
    /// simply done again. A message listed under an earlier UIDVALIDITY is skipped as done too, since its UID may now
    /// name another message; if it is still there it is listed again under the new one. When the server refuses the
    /// set (NO), each message is tried alone so that only the ones it refuses are failures.
    /// </summary>
    public async Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(action);
        var current = new List<(MailboxMessage Message, UniqueId Uid)>(messages.Count);
        foreach (var message in messages)
        {
            if (ImapMessageId.TryParseCurrent(message.MailboxId, _folder.UidValidity, out var uid))
            {
                current.Add((message, uid));
            }
            else
            {
                ConnectionLog.StaleMessageSkipped(_connector.Logger, _endpoint.ToString(), message.MailboxId);
            }
        }

        if (current.Count == 0)
        {
            return [];
        }

        try
        {
            await CompleteSetAsync(current.Select(c => c.Uid).ToList(), action, cancellationToken).ConfigureAwait(false);
            return [];
        }
        catch (MailConnectionException e) when (current.Count > 1 && IsRefusal(e))
        {
            // Someone in the set was refused: find out who, one at a time.
        }

        var failures = new List<PostActionFailure>();
        foreach (var (message, uid) in current)
        {
            try
            {
                await CompleteSetAsync([uid], action, cancellationToken).ConfigureAwait(false);
            }
            catch (MailConnectionException e) when (IsRefusal(e))
            {
                failures.Add(new PostActionFailure(message, e.Message));
            }
        }

        return failures;
    }

    /// <summary>The server said NO (or BAD) to this command and the connection goes on.</summary>
    private bool IsRefusal(MailConnectionException e) => _client.IsConnected && e.InnerException is ImapCommandException;

    private Task CompleteSetAsync(IList<UniqueId> uids, PostAction action, CancellationToken cancellationToken) =>
        CommandAsync(async ct =>
        {
            switch (action)
            {
                case PostAction.MarkReadAction:
                    await _folder.AddFlagsAsync(uids, MessageFlags.Seen, silent: true, ct).ConfigureAwait(false);
                    break;
                case PostAction.DeleteAction:
                    await _folder.AddFlagsAsync(uids, MessageFlags.Deleted, silent: true, ct).ConfigureAwait(false);
                    await ExpungeAsync(uids, ct).ConfigureAwait(false);
                    break;
                case PostAction.MoveAction move:
                    await MoveAsync(uids, move.Folder, ct).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentException($"Unknown post-action '{action}'.", nameof(action));
            }

            return true;
        }, cancellationToken);

    /// <summary>MOVE (RFC 6851) where offered; else COPY, then \Deleted and expunge of those messages.</summary>
    private async Task MoveAsync(IList<UniqueId> uids, string folderName, CancellationToken ct)
    {
        var destination = await GetOrCreateFolderAsync(folderName, ct).ConfigureAwait(false);
        if (_client.Capabilities.HasFlag(ImapCapabilities.Move))
        {
            await _folder.MoveToAsync(uids, destination, ct).ConfigureAwait(false);
            return;
        }

        await _folder.CopyToAsync(uids, destination, ct).ConfigureAwait(false);
        await _folder.AddFlagsAsync(uids, MessageFlags.Deleted, silent: true, ct).ConfigureAwait(false);
        await ExpungeAsync(uids, ct).ConfigureAwait(false);
    }

    /// <summary>UID EXPUNGE (UIDPLUS) removes only these messages; without it a plain EXPUNGE removes every \Deleted one.</summary>
    private Task ExpungeAsync(IList<UniqueId> uids, CancellationToken ct) =>
        _client.Capabilities.HasFlag(ImapCapabilities.UidPlus)
            ? _folder.ExpungeAsync(uids, ct)
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
