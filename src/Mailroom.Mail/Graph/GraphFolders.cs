using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Graph;

/// <summary>
/// Finds a mail folder by what an administrator types: a well-known name in any spelling Outlook shows
/// (<c>Inbox</c>, <c>Deleted Items</c>, <c>deleteditems</c>), a display name under the root or, failing that, under
/// the Inbox, or a path <c>Parent/Child</c>. Display names are compared without regard to case, as Outlook does.
/// </summary>
internal static class GraphFolders
{
    /// <summary>Graph's well-known folder names (mailFolder resource), which stand for a folder's id in any call.</summary>
    private static readonly HashSet<string> WellKnown = new(StringComparer.OrdinalIgnoreCase)
    {
        "inbox", "archive", "deleteditems", "sentitems", "drafts", "junkemail", "outbox", "clutter",
        "conversationhistory", "scheduled", "searchfolders", "syncissues", "conflicts", "localfailures",
        "serverfailures", "msgfolderroot", "recoverableitemsdeletions",
    };

    /// <summary>The well-known name <paramref name="name"/> stands for, if any (<c>Deleted Items</c> is <c>deleteditems</c>).</summary>
    public static string? WellKnownName(string name)
    {
        var squeezed = name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return WellKnown.Contains(squeezed) ? squeezed : null;
    }

    /// <summary>The folder's id and display name, or null when it does not exist and <paramref name="create"/> is off.</summary>
    /// <exception cref="GraphException">Graph refused a lookup or the creation.</exception>
    public static async Task<GraphFolder?> FindAsync(GraphClient client, string name, bool create, ILogger logger, CancellationToken cancellationToken)
    {
        var segments = name.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return await client.GetFolderAsync("inbox", cancellationToken).ConfigureAwait(false);
        }

        GraphFolder? current = null;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (i == 0 && WellKnownName(segment) is { } wellKnown)
            {
                current = await client.GetFolderAsync(wellKnown, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var parentId = current?.Id;
            var found = await ChildAsync(client, parentId, segment, cancellationToken).ConfigureAwait(false);
            if (found is null && i == 0 && segments.Length == 1)
            {
                // A desk's folders often live under the Inbox; a bare name is looked for there second.
                var inbox = await client.GetFolderAsync("inbox", cancellationToken).ConfigureAwait(false);
                found = inbox.Id is null ? null : await ChildAsync(client, inbox.Id, segment, cancellationToken).ConfigureAwait(false);
            }

            if (found is null)
            {
                if (!create)
                {
                    return null;
                }

                found = await CreateAsync(client, parentId, segment, logger, cancellationToken).ConfigureAwait(false);
            }

            current = found;
        }

        return current;
    }

    private static async Task<GraphFolder?> ChildAsync(GraphClient client, string? parentId, string displayName, CancellationToken cancellationToken)
    {
        var folders = await client.ListFoldersAsync(parentId, cancellationToken).ConfigureAwait(false);
        return folders.FirstOrDefault(f => f.Id is not null && string.Equals(f.DisplayName?.Trim(), displayName, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<GraphFolder> CreateAsync(GraphClient client, string? parentId, string displayName, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var created = await client.CreateFolderAsync(parentId, displayName, cancellationToken).ConfigureAwait(false);
            logger.FolderCreated(displayName, client.Mailbox);
            return created;
        }
        catch (GraphException ex) when (ex.Status == 409 || GraphErrors.Of(ex).Has(GraphErrors.FolderExists))
        {
            // Made by someone else (another node, a person) since the lookup: use that one.
            return await ChildAsync(client, parentId, displayName, cancellationToken).ConfigureAwait(false)
                ?? throw new GraphException(
                    $"Microsoft Graph says folder '{displayName}' exists in {client.Mailbox} ({ex.Reply}), yet it is not listed where it was to be created.",
                    ex.Status, ex.Code, ex.GraphMessage, isTransient: true, ex);
        }
    }
}
