using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Mailroom.Core.Conversations;

/// <summary>
/// A Conversation ID such as <c>{CMI: ABCD1234}</c>: the installation's prefix (2-8 ASCII letters or digits, kept
/// upper-case) immediately followed by a positive number that grows with every message sent. Two IDs are equal when
/// their prefixes match without regard to case and their numbers match.
/// </summary>
public readonly struct ConversationId : IEquatable<ConversationId>
{
    /// <summary>The shortest allowed prefix.</summary>
    public const int MinPrefixLength = 2;

    /// <summary>The longest allowed prefix.</summary>
    public const int MaxPrefixLength = 8;

    private const string PrefixAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    private readonly string? _prefix;

    /// <summary>Creates an ID; the prefix is stored upper-case.</summary>
    /// <exception cref="ArgumentException">The prefix is not 2-8 ASCII letters or digits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The number is below 1.</exception>
    public ConversationId(string prefix, long number)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException(
                $"A Conversation ID prefix is 2-8 ASCII letters or digits; '{prefix}' is not.", nameof(prefix));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        _prefix = prefix.ToUpperInvariant();
        Number = number;
    }

    /// <summary>The installation prefix, upper-case.</summary>
    public string Prefix => _prefix ?? string.Empty;

    /// <summary>The message number; higher is newer.</summary>
    public long Number { get; }

    /// <summary>The token as it goes into mail: <c>{CMI: ABCD1234}</c>.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{{CMI: {Prefix}{Number}}}");

    /// <inheritdoc cref="Format"/>
    public override string ToString() => Format();

    /// <summary>True when <paramref name="prefix"/> is 2-8 ASCII letters or digits.</summary>
    public static bool IsValidPrefix([NotNullWhen(true)] string? prefix)
    {
        if (prefix is null || prefix.Length is < MinPrefixLength or > MaxPrefixLength)
        {
            return false;
        }

        foreach (var c in prefix)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A random 4-letter prefix for an installation that has not chosen one (the one generator: the settings store
    /// gives it to a fresh installation). Letters only, without I and O, so a person who reads it off a subject line
    /// and types it cannot mistake it for the digits 1 and 0 of the number that follows. Prefixes chosen by hand, or
    /// generated before this rule, may hold any letter or digit and stay valid (<see cref="IsValidPrefix"/>).
    /// </summary>
    public static string NewRandomPrefix()
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < chars.Length; i++)
        {
            // A cryptographic generator, as before: prefixes of installations should not follow from each other.
            chars[i] = PrefixAlphabet[RandomNumberGenerator.GetInt32(PrefixAlphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>
    /// Reads an ID written exactly as <see cref="Format"/> writes it (letter case and spaces may differ). To find IDs
    /// in mail, with all the ways clients mangle them, use <see cref="ConversationIdFinder"/>.
    /// </summary>
    public static bool TryParse(string? text, string prefix, out ConversationId id)
    {
        id = default;
        if (text is null || !IsValidPrefix(prefix))
        {
            return false;
        }

        var found = new ConversationIdFinder(prefix).FindAll(text);
        if (found.Count != 1)
        {
            return false;
        }

        id = found[0];
        return true;
    }

    public bool Equals(ConversationId other) =>
        Number == other.Number && string.Equals(Prefix, other.Prefix, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is ConversationId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Prefix, Number);

    public static bool operator ==(ConversationId left, ConversationId right) => left.Equals(right);

    public static bool operator !=(ConversationId left, ConversationId right) => !left.Equals(right);
}
