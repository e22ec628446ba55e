using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Mailroom.Core.Conversations;

/// <summary>
/// Outlook's <c>Thread-Index</c> header (MAPI <c>PidTagConversationIndex</c>, MS-OXOMSG 2.2.1.3): base64 of a
/// 22-byte header block (a reserved byte, five bytes of the time the conversation began, a 16-byte GUID) followed by
/// one 5-byte child block per reply or forward. Every message of one conversation carries the same header block, so
/// that block (its <see cref="RootKey"/>) names the conversation, whatever the subject became and whether or not
/// the client kept In-Reply-To and References.
/// </summary>
/// <remarks>
/// <para>
/// Two header layouts are in use: Exchange 2013 and later (and Mailroom) write the reserved byte <c>0x01</c> then
/// the FILETIME shifted right by 24 bits; older desktop Outlook wrote the FILETIME shifted right by 16 bits in the
/// first six bytes (whose top byte happens to be <c>0x01</c> too). Both are read; the root compares the bytes as
/// they are, so the layout only matters for the time a child block counts from.
/// </para>
/// <para>
/// Reading never throws: a value that is not base64, is shorter than the header, is not 22 + 5n bytes long, or
/// carries an all-zero GUID is no Thread-Index (<see cref="TryParse"/> returns false) and the hint is simply
/// ignored. Whitespace anywhere (a folded header) and missing base64 padding are tolerated.
/// </para>
/// </remarks>
public sealed class ThreadIndex
{
    /// <summary>Length of the header block that names the conversation.</summary>
    public const int HeaderLength = 22;

    /// <summary>Length of each child block.</summary>
    public const int ChildLength = 5;

    /// <summary>
    /// A header longer than this (in characters) is not read: 100 replies need about 700, and a hostile one should
    /// cost nothing to refuse.
    /// </summary>
    public const int MaxTextLength = 4096;

    /// <summary>Delta code 0 holds up to 2^49 ticks (about 1.78 years) in 31 bits of 2^18 ticks; code 1 counts in 2^23 ticks.</summary>
    private const long ShortDeltaLimit = 1L << 49;

    private readonly byte[] _bytes;

    private ThreadIndex(byte[] bytes) => _bytes = bytes;

    /// <summary>How many child blocks follow the header (0 for a conversation's first message).</summary>
    public int ChildCount => (_bytes.Length - HeaderLength) / ChildLength;

    /// <summary>The 22-byte header block shared by every message of the conversation.</summary>
    public ReadOnlySpan<byte> Header => _bytes.AsSpan(0, HeaderLength);

    /// <summary>
    /// The header block as 44 upper-case hex digits: the key Mailroom stores beside each message and finds records
    /// by. Hex rather than base64 so that the key has one spelling whatever the database's collation.
    /// </summary>
    public string RootKey => Convert.ToHexString(_bytes, 0, HeaderLength);

    /// <summary>The GUID of the conversation (from the header block).</summary>
    public Guid ConversationGuid => new(_bytes.AsSpan(6, 16), bigEndian: true);

    /// <summary>
    /// When the conversation began, to the precision the header keeps (about 1.7 s in the current layout); null when
    /// the header's time does not make a valid date.
    /// </summary>
    public DateTimeOffset? Started
    {
        get
        {
            var fileTime = HeaderFileTime();
            if (fileTime < 0 || fileTime > DateTime.MaxValue.ToFileTimeUtc())
            {
                return null;
            }

            return new DateTimeOffset(DateTime.FromFileTimeUtc(fileTime));
        }
    }

    /// <summary>Reads a <c>Thread-Index</c> header value; false (never an exception) for anything that is not one.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ThreadIndex? index)
    {
        index = null;
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxTextLength)
        {
            return false;
        }

        Span<char> text = stackalloc char[value.Length + 3];
        var length = 0;
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
            {
                text[length++] = c;
            }
        }

        // Some gateways drop the padding: restore it rather than lose the hint.
        while (length % 4 != 0)
        {
            text[length++] = '=';
        }

        var bytes = new byte[length / 4 * 3];
        if (!Convert.TryFromBase64Chars(text[..length], bytes, out var written)
            || written < HeaderLength
            || (written - HeaderLength) % ChildLength != 0)
        {
            return false;
        }

        if (bytes.AsSpan(6, 16).IndexOfAnyExcept((byte)0) < 0)
        {
            return false; // no GUID: every such "conversation" would be the same one
        }

        index = new ThreadIndex(bytes[..written]);
        return true;
    }

    /// <summary>The <see cref="RootKey"/> of a header value, or null when it is not a Thread-Index.</summary>
    public static string? RootKeyOf(string? value) => TryParse(value, out var index) ? index.RootKey : null;

    /// <summary>A new conversation's index, as Exchange writes it: <c>0x01</c>, the time's FILETIME &gt;&gt; 24 (five bytes), the GUID.</summary>
    /// <exception cref="ArgumentException">The GUID is empty.</exception>
    public static ThreadIndex StartNew(DateTimeOffset now, Guid conversation)
    {
        if (conversation == Guid.Empty)
        {
            throw new ArgumentException("A conversation needs a GUID other than the empty one; use Guid.NewGuid().", nameof(conversation));
        }

        var bytes = new byte[HeaderLength];
        bytes[0] = 0x01;
        var time = (ulong)FileTime(now) >> 24;
        for (var i = 5; i >= 1; i--)
        {
            bytes[i] = (byte)time;
            time >>= 8;
        }

        conversation.TryWriteBytes(bytes.AsSpan(6), bigEndian: true, out _);
        return new ThreadIndex(bytes);
    }

    /// <summary>
    /// The index of a reply to (or forward of) this message: this index with one child block appended, as Outlook
    /// does, holding the time since the conversation began and a random byte. Messages sorted by index then follow
    /// the conversation; the header block, and with it the <see cref="RootKey"/>, stays the same.
    /// </summary>
    public ThreadIndex Reply(DateTimeOffset now, byte random)
    {
        var delta = Math.Max(0, FileTime(now) - HeaderFileTime());
        uint block = delta < ShortDeltaLimit
            ? (uint)(delta >> 18) & 0x7FFF_FFFF
            : 0x8000_0000 | ((uint)(delta >> 23) & 0x7FFF_FFFF);
        var bytes = new byte[_bytes.Length + ChildLength];
        _bytes.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(_bytes.Length), block);
        bytes[^1] = random;
        return new ThreadIndex(bytes);
    }

    /// <summary>The header value: base64 of every block, on one line.</summary>
    public string Format() => Convert.ToBase64String(_bytes);

    /// <inheritdoc cref="Format"/>
    public override string ToString() => Format();

    private static long FileTime(DateTimeOffset time) => time.UtcDateTime.ToFileTimeUtc();

    /// <summary>The FILETIME the header keeps, in either layout (see the remarks on the type).</summary>
    private long HeaderFileTime()
    {
        long time = 0;
        if (_bytes[0] == 0x01 && _bytes[1] == 0x01)
        {
            // Current layout: bytes 1-5 are FILETIME >> 24. A FILETIME's top byte is 0x01 from 1829 to 2057, and its second
            // byte is 0x01 only around 1830, so an old layout header (FILETIME >> 16 in bytes 0-5) never starts 01 01 today.
            for (var i = 1; i <= 5; i++)
            {
                time = (time << 8) | _bytes[i];
            }

            return time << 24;
        }

        for (var i = 0; i <= 5; i++)
        {
            time = (time << 8) | _bytes[i];
        }

        return time << 16;
    }
}
