namespace Mailroom.Mail.Tests.Support;

/// <summary>The batch calls of <see cref="IIncomingMailbox"/> for one message, as the single-message tests need them.</summary>
internal static class MailboxCalls
{
    /// <summary>
    /// Fetches one message and returns its content, readable until disposed. A message the mailbox could not read
    /// fails the test with the mailbox's reason; a lost connection throws.
    /// </summary>
    public static async Task<Stream> OpenOneAsync(this IIncomingMailbox mailbox, MailboxMessage message, CancellationToken cancellationToken)
    {
        var items = mailbox.FetchAsync([message], cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            if (!await items.MoveNextAsync())
            {
                throw new Xunit.Sdk.XunitException($"FetchAsync yielded nothing for message {message.MailboxId}.");
            }

            var fetched = items.Current;
            return fetched.Content is { } content && fetched.Failure is null
                ? new FetchedStream(items, content)
                : throw new Xunit.Sdk.XunitException($"Message {message.MailboxId} was not read: {fetched.Failure}");
        }
        catch
        {
            await items.DisposeAsync();
            throw;
        }
    }

    /// <summary>Does the post-action on one message; a refusal by the server fails the test with the server's reason.</summary>
    public static async Task CompleteAsync(this IIncomingMailbox mailbox, MailboxMessage message, PostAction action, CancellationToken cancellationToken)
    {
        var failures = await mailbox.CompleteAsync([message], action, cancellationToken);
        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"The server refused {action} on {message.MailboxId}: {failures[0].Reason}");
        }
    }
}
