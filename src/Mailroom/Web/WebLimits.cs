namespace Mailroom.Web;

/// <summary>Limits on what a browser or API client may send, so that one request cannot exhaust the server.</summary>
internal static class WebLimits
{
    /// <summary>A request body above this is refused (413); big enough for a reply with a few attachments.</summary>
    public const long MaxRequestBodyBytes = 30 * 1024 * 1024;

    public const int PageSize = 25;
}
