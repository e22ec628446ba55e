using MimeKit;

namespace Mailroom.Mail.Parsing;

/// <summary>What <see cref="MimeLoader.LoadAsync"/> made of a raw message.</summary>
/// <param name="Message">The parsed message; null when the bytes cannot be read as MIME at all.</param>
/// <param name="Error">Why not, in the parser's words, when <paramref name="Message"/> is null.</param>
/// <param name="Problems">What was worked around to read it (bare CR line ends, junk before the headers).</param>
public sealed record LoadedMime(MimeMessage? Message, string? Error, IReadOnlyList<string> Problems);
