using System.Net;
using System.Text;

namespace Mailroom.Mail.Parsing;

/// <summary>
/// A small, forgiving HTML-to-text conversion for rules and reply extraction: tags go, entities are decoded, block
/// elements and &lt;br&gt; become line breaks, &lt;blockquote&gt; content gets "&gt; " prefixes, and script, style
/// and head content is dropped. One pass, linear in the input; never throws on broken markup.
/// </summary>
internal static class HtmlToText
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre", "hr", "dt", "dd",
        "section", "article", "header", "footer", "center", "address",
    };

    private static readonly HashSet<string> DroppedTags = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title" };

    public static string Convert(string html)
    {
        var sb = new StringBuilder(html.Length / 2);
        var quoteDepth = 0;
        var atLineStart = true;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var close = html.IndexOf('>', i + 1);
                if (close < 0)
                {
                    break;
                }

                if (html.AsSpan(i).StartsWith("<!--"))
                {
                    var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                    i = endComment < 0 ? html.Length : endComment + 3;
                    continue;
                }

                var (name, closing) = TagName(html, i + 1, close);
                i = close + 1;
                if (DroppedTags.Contains(name) && !closing)
                {
                    // An unclosed <style> swallows the rest, as browsers do; searching again per tag would be quadratic.
                    var end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                    var endClose = end < 0 ? -1 : html.IndexOf('>', end);
                    i = endClose < 0 ? html.Length : endClose + 1;
                    continue;
                }

                if (name.Equals("blockquote", StringComparison.OrdinalIgnoreCase))
                {
                    quoteDepth = Math.Max(0, quoteDepth + (closing ? -1 : 1));
                    NewLine(sb, ref atLineStart);
                }
                else if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    sb.Append('\n');
                    atLineStart = true;
                }
                else if (BlockTags.Contains(name))
                {
                    NewLine(sb, ref atLineStart);
                }
                else if (name.Equals("td", StringComparison.OrdinalIgnoreCase) && !closing)
                {
                    sb.Append(' ');
                }

                continue;
            }

            var next = html.IndexOf('<', i);
            var text = next < 0 ? html[i..] : html[i..next];
            i = next < 0 ? html.Length : next;
            AppendText(sb, WebUtility.HtmlDecode(text), quoteDepth, ref atLineStart);
        }

        return Tidy(sb.ToString());
    }

    private static (string Name, bool Closing) TagName(string html, int start, int end)
    {
        var closing = start < end && html[start] == '/';
        var i = closing ? start + 1 : start;
        var from = i;
        while (i < end && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == ':'))
        {
            i++;
        }

        return (html[from..i], closing);
    }

    private static void NewLine(StringBuilder sb, ref bool atLineStart)
    {
        if (!atLineStart)
        {
            sb.Append('\n');
            atLineStart = true;
        }
    }

    private static void AppendText(StringBuilder sb, string text, int quoteDepth, ref bool atLineStart)
    {
        foreach (var raw in text)
        {
            // Source line breaks and tabs are plain spaces in HTML; only tags make lines.
            var c = raw is '\r' or '\n' or '\t' or '\u00A0' ? ' ' : raw;
            if (atLineStart)
            {
                if (c == ' ')
                {
                    continue;
                }

                for (var q = 0; q < quoteDepth; q++)
                {
                    sb.Append("> ");
                }

                atLineStart = false;
            }

            if (c == ' ' && sb.Length > 0 && sb[^1] == ' ')
            {
                continue;
            }

            sb.Append(c);
        }
    }

    private static string Tidy(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        var sb = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (++blank > 1)
                {
                    continue;
                }
            }
            else
            {
                blank = 0;
            }

            sb.Append(line).Append('\n');
        }

        return sb.ToString().Trim('\n');
    }
}
