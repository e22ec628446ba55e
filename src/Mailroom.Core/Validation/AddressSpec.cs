namespace Mailroom.Core.Validation;

/// <summary>
/// A strict check for a bare RFC 5322 addr-spec (<c>local@domain</c>) as people type it: a dot-atom local part and a
/// host name domain. Display names, angle brackets, comments, quoted local parts, whitespace and CR/LF are refused,
/// because an address that later lands in a header must not be able to carry anything but the address.
/// </summary>
public static class AddressSpec
{
    // RFC 5322 atext, less nothing: letters, digits and these.
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>Whether <paramref name="address"/> is a bare addr-spec, at most 254 characters.</summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > 254)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        return local.Length <= 64 && IsDotAtom(local) && !domain.Contains(':', StringComparison.Ordinal) && HostName.IsValid(domain);
    }

    private static bool IsDotAtom(string text)
    {
        foreach (var atom in text.Split('.'))
        {
            if (atom.Length == 0 || !atom.All(c => char.IsAsciiLetterOrDigit(c) || AtextSpecials.Contains(c)))
            {
                return false;
            }
        }

        return true;
    }
}
