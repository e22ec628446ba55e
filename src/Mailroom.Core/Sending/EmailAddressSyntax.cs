namespace Mailroom.Core.Sending;

/// <summary>
/// A plain syntax check for a bare e-mail address (<c>local@domain</c>): what an agent types into To, Cc or From.
/// It refuses what would break a header or an SMTP envelope (spaces, control characters, angle brackets, commas,
/// a missing part) and leaves the rest to the receiving server.
/// </summary>
public static class EmailAddressSyntax
{
    public const int MaxLength = 254;

    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
        {
            return false;
        }

        foreach (var c in address)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '(' or ')' or '[' or ']' or '"' or '\\')
            {
                return false;
            }
        }

        var domain = address[(at + 1)..];
        return !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal)
            && !address[..at].StartsWith('.') && !address[..at].EndsWith('.');
    }
}
