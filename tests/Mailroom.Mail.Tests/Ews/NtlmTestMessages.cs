using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>
/// The server side of the NTLM handshake, as far as a test can take it without a domain controller ([MS-NLMP]
/// 2.2.1): reads the NEGOTIATE message, answers with a CHALLENGE carrying the target info a client needs for
/// NTLMv2, and reads the domain and user from the AUTHENTICATE message. The NTLMv2 proof is not verified.
/// </summary>
internal static class NtlmTestMessages
{
    private static readonly byte[] Signature = "NTLMSSP\0"u8.ToArray();
    private const uint NegotiateUnicode = 0x00000001;
    private const uint NegotiateTargetInfo = 0x00800000;
    private const uint TargetTypeDomain = 0x00010000;

    public static int MessageType(byte[] message) =>
        message.Length >= 12 && message.AsSpan(0, 8).SequenceEqual(Signature) ? BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(8)) : -1;

    /// <summary>A CHALLENGE_MESSAGE echoing the client's flags, with NetBIOS and DNS names and a timestamp.</summary>
    public static byte[] Challenge(byte[] negotiate, string domain)
    {
        var clientFlags = BinaryPrimitives.ReadUInt32LittleEndian(negotiate.AsSpan(12));
        var flags = clientFlags | NegotiateTargetInfo | TargetTypeDomain;
        var targetName = Encoding.Unicode.GetBytes(domain);

        var info = new MemoryStream();
        void Pair(ushort id, byte[] value)
        {
            Span<byte> head = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(head, id);
            BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)value.Length);
            info.Write(head);
            info.Write(value);
        }

        Pair(2, Encoding.Unicode.GetBytes(domain));                 // MsvAvNbDomainName
        Pair(1, Encoding.Unicode.GetBytes("EXCH01"));               // MsvAvNbComputerName
        Pair(4, Encoding.Unicode.GetBytes("corp.example"));         // MsvAvDnsDomainName
        Pair(3, Encoding.Unicode.GetBytes("exch01.corp.example"));  // MsvAvDnsComputerName
        var time = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(time, DateTime.UtcNow.ToFileTimeUtc());
        Pair(7, time);                                              // MsvAvTimestamp
        Pair(0, []);                                                // MsvAvEOL
        var targetInfo = info.ToArray();

        const int headerLength = 56;
        var message = new byte[headerLength + targetName.Length + targetInfo.Length];
        Signature.CopyTo(message, 0);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), 2);
        WriteField(message, 12, targetName.Length, headerLength);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), flags);
        RandomNumberGenerator.Fill(message.AsSpan(24, 8));          // server challenge
        WriteField(message, 40, targetInfo.Length, headerLength + targetName.Length);
        new byte[] { 10, 0, 0x63, 0x45, 0, 0, 0, 15 }.CopyTo(message, 48); // version 10.0.17763, NTLM revision 15
        targetName.CopyTo(message, headerLength);
        targetInfo.CopyTo(message, headerLength + targetName.Length);
        return message;
    }

    /// <summary>Reads an AUTHENTICATE_MESSAGE: the domain, the user and the length of the NT response.</summary>
    public static (string Domain, string User, int NtResponseLength) ReadAuthenticate(byte[] message)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(60));
        var encoding = (flags & NegotiateUnicode) != 0 ? Encoding.Unicode : Encoding.ASCII;
        string Text(int offset)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(offset));
            var start = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(offset + 4));
            return encoding.GetString(message, start, length);
        }

        var ntLength = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(20));
        return (Text(28), Text(36), ntLength);
    }

    private static void WriteField(byte[] message, int offset, int length, int payloadOffset)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(offset), (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(offset + 2), (ushort)length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(offset + 4), payloadOffset);
    }
}
