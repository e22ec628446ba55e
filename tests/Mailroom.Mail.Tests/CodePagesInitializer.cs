using System.Runtime.CompilerServices;

/// <summary>
/// Tests build and parse MimeKit messages before Mailroom.Mail is loaded, so the code pages are registered when the
/// test assembly loads, as the app does when Mailroom.Mail loads.
/// </summary>
internal static class CodePagesInitializer
{
#pragma warning disable CA2255 // Test assembly: run before the first test touches MimeKit.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => Mailroom.Mail.Parsing.CodePagesRegistration.Register();
}
