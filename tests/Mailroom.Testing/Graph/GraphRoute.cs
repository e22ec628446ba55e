using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Mailroom.Testing.Graph;

/// <summary>
/// A request URL below <c>/v1.0</c> read as Graph's resource paths: <c>users/{id|upn}</c> or <c>me</c>, then
/// <c>mailFolders[/{id}[/childFolders/{id}...]][/childFolders|/messages[/delta|/{id}]]</c>,
/// <c>messages/{id}[/$value|/move]</c> or <c>sendMail</c>. Keys come as <c>/{key}</c> or as <c>('{key}')</c> (the form
/// of the docs' delta links); segment names are case-insensitive, keys are not.
/// </summary>
internal sealed partial record GraphRoute(
    GraphRequestKind Kind,
    bool Me,
    string? User,
    IReadOnlyList<string> Folders,
    bool ChildFolders,
    string? MessageId,
    IReadOnlyDictionary<string, string> Query)
{
    /// <summary>Reads <paramref name="url"/> for <paramref name="method"/>; the error answer when it is no resource.</summary>
    public static (GraphRoute? Route, GraphAnswer? Error) Parse(string method, string url)
    {
        var question = url.IndexOf('?');
        var path = question < 0 ? url : url[..question];
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (question >= 0)
        {
            foreach (var (name, values) in QueryHelpers.ParseQuery(url[question..]))
            {
                query[name] = values.ToString();
            }
        }

        var segments = new List<string>();
        foreach (var raw in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw);
            var keyed = KeyedSegment().Match(segment);
            if (keyed.Success)
            {
                segments.Add(keyed.Groups[1].Value);
                segments.Add(keyed.Groups[2].Value.Replace("''", "'"));
            }
            else
            {
                segments.Add(segment);
            }
        }

        return new Reader(method, segments, query).Read();
    }

    [GeneratedRegex(@"^([A-Za-z.]+)\('(.*)'\)$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyedSegment();

    private sealed class Reader(string method, List<string> segments, Dictionary<string, string> query)
    {
        private int _at;
        private bool _me;
        private string? _user;
        private readonly List<string> _folders = [];

        public (GraphRoute?, GraphAnswer?) Read()
        {
            if (Next() is not { } first)
            {
                return (null, GraphError.BadRequest("Invalid request."));
            }

            if (Is(first, "me"))
            {
                _me = true;
            }
            else if (Is(first, "users"))
            {
                if (Next() is not { } user)
                {
                    return (null, GraphError.UnknownSegment(first));
                }

                _user = user;
            }
            else
            {
                return (null, GraphError.UnknownSegment(first));
            }

            var resource = Next();
            if (resource is null)
            {
                return (null, GraphError.UnknownSegment(segments[^1]));
            }

            if (Is(resource, "mailFolders"))
            {
                return ReadFolders();
            }

            if (Is(resource, "messages"))
            {
                return ReadMessages();
            }

            if (IsFunction(resource, "sendMail") && Done())
            {
                return Route(method == "POST" ? GraphRequestKind.SendMail : null);
            }

            return (null, GraphError.UnknownSegment(resource));
        }

        private (GraphRoute?, GraphAnswer?) ReadFolders()
        {
            if (Next() is not { } folder)
            {
                return Route(method switch { "GET" => GraphRequestKind.ListFolders, "POST" => GraphRequestKind.CreateFolder, _ => null });
            }

            _folders.Add(folder);
            while (true)
            {
                if (Next() is not { } part)
                {
                    return Route(method == "GET" ? GraphRequestKind.GetFolder : null);
                }

                if (Is(part, "childFolders"))
                {
                    if (Next() is not { } child)
                    {
                        return Route(method switch { "GET" => GraphRequestKind.ListChildFolders, "POST" => GraphRequestKind.CreateFolder, _ => null }, childFolders: true);
                    }

                    _folders.Add(child);
                    continue;
                }

                if (Is(part, "messages"))
                {
                    return ReadMessages();
                }

                return (null, GraphError.UnknownSegment(part));
            }
        }

        private (GraphRoute?, GraphAnswer?) ReadMessages()
        {
            if (Next() is not { } id)
            {
                return Route(method == "GET" ? GraphRequestKind.ListMessages : null);
            }

            if (IsFunction(id, "delta") && _folders.Count > 0 && Done())
            {
                return Route(method == "GET" ? GraphRequestKind.Delta : null);
            }

            if (Next() is not { } action)
            {
                return Route(method switch
                {
                    "GET" => GraphRequestKind.GetMessage,
                    "PATCH" => GraphRequestKind.UpdateMessage,
                    "DELETE" => GraphRequestKind.DeleteMessage,
                    _ => null,
                }, messageId: id);
            }

            if (action == "$value" && Done())
            {
                return Route(method == "GET" ? GraphRequestKind.GetMime : null, messageId: id);
            }

            if (IsFunction(action, "move") && Done())
            {
                return Route(method == "POST" ? GraphRequestKind.MoveMessage : null, messageId: id);
            }

            return (null, GraphError.UnknownSegment(action));
        }

        private (GraphRoute?, GraphAnswer?) Route(GraphRequestKind? kind, bool childFolders = false, string? messageId = null) =>
            kind is null
                ? (null, GraphError.MethodNotAllowed())
                : (new GraphRoute(kind.Value, _me, _user, [.. _folders], childFolders, messageId, query), null);

        private string? Next() => _at < segments.Count ? segments[_at++] : null;

        private bool Done() => _at >= segments.Count;

        private static bool Is(string segment, string name) => segment.Equals(name, StringComparison.OrdinalIgnoreCase);

        private static bool IsFunction(string segment, string name) =>
            Is(segment, name) || Is(segment, "microsoft.graph." + name);
    }
}
