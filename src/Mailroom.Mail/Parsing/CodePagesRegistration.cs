using System.Runtime.CompilerServices;
using System.Text;

namespace Mailroom.Mail.Parsing;

/// <summary>
/// Makes the legacy code pages (GB2312, Big5, ISO-2022-JP, windows-125x …) known to .NET as soon as this assembly
/// loads. MimeKit resolves a charset once and remembers the answer, so registering lazily, after the first message
/// was decoded, leaves Chinese and Japanese headers decoded as Latin-1 for the rest of the process.
/// </summary>
public static class CodePagesRegistration
{
#pragma warning disable CA2255 // A library initializer is the point: the registration must precede any MimeKit use.
    [ModuleInitializer]
#pragma warning restore CA2255
    public static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
