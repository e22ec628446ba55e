namespace Mailroom.Core.Validation;

/// <summary>A DNS host name (letters, digits, hyphens; labels of 1-63) an IPv4 address or an IPv6 address, as a server field takes it.</summary>
public static class HostName
{
    public static bool IsValid(string? host)
    {
        if (string.IsNullOrEmpty(host) || host.Length > 253)
        {
            return false;
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return System.Net.IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
