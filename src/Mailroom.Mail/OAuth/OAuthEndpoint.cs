using System.Net;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// The rule for identity-platform URLs: absolute and https, because client secrets, codes and refresh tokens travel
/// on them; plain http only on a loopback address, where nothing crosses a network (the tests' local server).
/// </summary>
public static class OAuthEndpoint
{
    /// <summary>Why <paramref name="url"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "is not set";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"'{url}' is not an absolute http(s) URL";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            return $"'{url}' must use https (plain http is allowed only on a loopback address such as 127.0.0.1)";
        }

        return null;
    }

    /// <summary>The URL as a <see cref="Uri"/>.</summary>
    /// <param name="url">The URL to check.</param>
    /// <param name="field">The setting it came from, named in the error (<c>token URL</c>, <c>authorize URL</c>).</param>
    /// <exception cref="OAuthException">The URL breaks the rule; the message names <paramref name="field"/>.</exception>
    public static Uri Require(string? url, string field)
    {
        if (Problem(url) is { } problem)
        {
            throw new OAuthException($"{field}: {problem}.", "invalid_endpoint");
        }

        return new Uri(url!, UriKind.Absolute);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
