using System.Net.Http.Json;
using System.Text.Json;

namespace Mailroom.Mail.Graph;

/// <summary>Mail folders: a well-known one by name, others by display name under the root or a parent, and creating one.</summary>
internal sealed partial class GraphClient
{
    /// <summary>GET <c>/mailFolders/{id or well-known name}</c>.</summary>
    public async Task<GraphFolder> GetFolderAsync(string idOrWellKnownName, CancellationToken cancellationToken)
    {
        var call = new Call($"get folder {idOrWellKnownName}", HttpMethod.Get, UserUrl("mailFolders/" + Escape(idOrWellKnownName)));
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, GraphJson.Default.GraphFolder, call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The folders directly under the root (<paramref name="parentId"/> null) or under a folder, every page followed,
    /// hidden ones included (a desk may well monitor a hidden folder).
    /// </summary>
    public async Task<IReadOnlyList<GraphFolder>> ListFoldersAsync(string? parentId, CancellationToken cancellationToken)
    {
        var path = parentId is null ? "mailFolders" : $"mailFolders/{Escape(parentId)}/childFolders";
        var url = UserUrl(path + "?includeHiddenFolders=true&$top=100");
        var folders = new List<GraphFolder>();
        for (var page = 0; page < 1000; page++)
        {
            var call = new Call(parentId is null ? "list folders" : "list child folders", HttpMethod.Get, url);
            GraphFolderPage result;
            using (var response = await SendAsync(call, cancellationToken).ConfigureAwait(false))
            {
                result = await ReadAsync(response, GraphJson.Default.GraphFolderPage, call, cancellationToken).ConfigureAwait(false);
            }

            folders.AddRange(result.Value ?? []);
            if (result.NextLink is null)
            {
                break;
            }

            url = OwnLinkOrThrow(result.NextLink, call.Operation);
        }

        return folders;
    }

    /// <summary>POST <c>/mailFolders</c> (or a parent's <c>childFolders</c>) with a display name; 201 with the folder.</summary>
    /// <exception cref="GraphException">Refused; <c>ErrorFolderExists</c> (409) when a folder of that name is there.</exception>
    public async Task<GraphFolder> CreateFolderAsync(string? parentId, string displayName, CancellationToken cancellationToken)
    {
        var path = parentId is null ? "mailFolders" : $"mailFolders/{Escape(parentId)}/childFolders";
        var call = new Call($"create folder {displayName}", HttpMethod.Post, UserUrl(path),
            () => JsonContent.Create(new GraphNewFolder(displayName), GraphJson.Default.GraphNewFolder), Idempotent: false);
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, GraphJson.Default.GraphFolder, call, cancellationToken).ConfigureAwait(false);
    }

    private Uri OwnLinkOrThrow(string link, string operation) =>
        IsOwnLink(link, out var uri)
            ? uri
            : throw new MailConnectionException(MailFailureKind.ProtocolError,
                $"Microsoft Graph answered {operation} with a next page at {link}, which is not on {Root}; it was not followed (the access token goes to Graph only).");

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Call call, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                    ?? throw Malformed(call, "the body is null");
            }
        }
        catch (JsonException ex)
        {
            throw Malformed(call, ex.Message, ex);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Malformed(call, ex.Message, ex);
        }
    }

    private MailConnectionException Malformed(Call call, string problem, Exception? inner = null) =>
        new(MailFailureKind.ProtocolError,
            $"The answer of {Root} to {call.Operation} is not usable Graph JSON ({problem}); it may be cut off, or the Graph URL does not point at Microsoft Graph.",
            problem, inner);
}
