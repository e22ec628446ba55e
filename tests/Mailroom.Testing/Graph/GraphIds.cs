using System.Buffers.Binary;

namespace Mailroom.Testing.Graph;

/// <summary>
/// Ids shaped as Outlook's are: URL-safe base64 with its padding (<c>=</c>), so a client that does not escape them
/// in paths, or that trims or compares them case-insensitively, fails here as it would against Microsoft 365
/// (outlook-immutable-id.md: ids are case-sensitive). The default ("REST") id of a message carries how often it has
/// moved, so it changes on every move; the immutable one does not.
/// </summary>
internal static class GraphIds
{
    public static string Folder(Guid mailbox, int number)
    {
        Span<byte> bytes = stackalloc byte[21];
        mailbox.TryWriteBytes(bytes);
        bytes[16] = 0x46;
        BinaryPrimitives.WriteInt32BigEndian(bytes[17..], number);
        return "AQMkAD" + Encode(bytes);
    }

    public static string Immutable(Guid mailbox, long key)
    {
        Span<byte> bytes = stackalloc byte[25];
        mailbox.TryWriteBytes(bytes);
        bytes[16] = 0x01;
        BinaryPrimitives.WriteInt64BigEndian(bytes[17..], key);
        return "AAkALg" + Encode(bytes);
    }

    public static string Rest(Guid mailbox, long key, int moves)
    {
        Span<byte> bytes = stackalloc byte[26];
        mailbox.TryWriteBytes(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes[16..], key);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[24..], (ushort)moves);
        return "AAMkAG" + Encode(bytes);
    }

    public static string Token() => Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).TrimEnd('=');

    private static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
}
