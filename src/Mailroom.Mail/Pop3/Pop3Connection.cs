using System.Reflection;
using MailKit.Net.Pop3;

namespace Mailroom.Mail.Pop3;

/// <summary>
/// The decrypted byte stream under a signed-in <see cref="Pop3Client"/>, for <see cref="Pop3Retrieval"/>.
/// </summary>
/// <remarks>
/// MailKit offers no public way to read a RETR reply as it arrives: <c>GetStream</c> copies the whole reply into a
/// <c>MemoryBlockStream</c> and <c>GetMessage</c> parses it into memory, so a 50 MB message costs 50 MB. The stream is
/// reached through MailKit internals (<c>Pop3Client.engine</c> → <c>Pop3Engine.Stream</c> → <c>Pop3Stream.Stream</c>
/// and its read buffer's <c>inputIndex</c>/<c>inputEnd</c>, MailKit 4.x). Should an upgrade move them, every POP3 open
/// fails with a message saying so (and the POP3 tests fail at once) rather than quietly buffering whole messages.
/// </remarks>
internal static class Pop3Connection
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly FieldInfo? EngineField = typeof(Pop3Client).GetField("engine", Instance);

    /// <summary>The stream MailKit reads replies from: TLS over the socket, or the socket itself.</summary>
    /// <exception cref="InvalidOperationException">MailKit's internals are not as expected, or its read buffer holds unread data.</exception>
    public static Stream RawStream(Pop3Client client)
    {
        var engine = EngineField?.GetValue(client);
        var pop3Stream = engine?.GetType().GetProperty("Stream", Instance)?.GetValue(engine) as Stream;
        var pop3StreamType = pop3Stream?.GetType();
        var raw = pop3StreamType?.GetProperty("Stream", Instance)?.GetValue(pop3Stream) as Stream;
        var inputIndex = pop3StreamType?.GetField("inputIndex", Instance)?.GetValue(pop3Stream) as int?;
        var inputEnd = pop3StreamType?.GetField("inputEnd", Instance)?.GetValue(pop3Stream) as int?;
        if (raw is null || inputIndex is null || inputEnd is null)
        {
            throw new InvalidOperationException(
                $"This MailKit version ({typeof(Pop3Client).Assembly.GetName().Version}) keeps its POP3 connection where Mailroom does not expect it, so messages cannot be streamed. Use the MailKit version Mailroom was built with.");
        }

        // Between commands a POP3 server sends nothing, so MailKit's buffer is empty; data in it would belong to a
        // reply that reading around MailKit would skip.
        if (inputIndex != inputEnd)
        {
            throw new InvalidOperationException($"The POP3 connection holds {inputEnd - inputIndex} unread bytes between commands; list the mailbox again.");
        }

        return raw;
    }
}
