namespace Mailroom.Core.Monitor;

/// <summary>The parts of a reply's text body, as <see cref="ReplyTextExtractor"/> splits it.</summary>
/// <param name="NewText">What the sender wrote in this message: quoted history and signature folded away.</param>
/// <param name="Signature">The signature cut from the end of the new text (a <c>-- </c> block, "Sent from my
/// iPhone", a "Regards," block), or empty.</param>
/// <param name="HasQuote">The body quoted earlier mail (a quote header, a separator or <c>&gt;</c> lines).</param>
public sealed record ReplyText(string NewText, string Signature, bool HasQuote)
{
    /// <summary>Nothing: an empty body.</summary>
    public static ReplyText Empty { get; } = new(string.Empty, string.Empty, false);
}
