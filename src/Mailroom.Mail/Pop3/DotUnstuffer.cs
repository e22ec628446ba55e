namespace Mailroom.Mail.Pop3;

/// <summary>
/// Undoes POP3's dot-stuffing (RFC 1939 3) across blocks that may split a line anywhere: a line starting with "."
/// loses that dot, and a line that is only "." (CRLF, or a bare LF from a sloppy server) ends the data.
/// </summary>
internal sealed class DotUnstuffer
{
    private State _state = State.LineStart;

    private enum State
    {
        LineStart,
        MidLine,
        Dot,
        DotCr,
        Done,
    }

    /// <summary>
    /// Un-stuffs <paramref name="input"/> into <paramref name="output"/>, which must hold input.Length + 2 bytes (a
    /// ".\r" held back from the previous block may come out). Stops after the terminating line.
    /// </summary>
    public (int Consumed, int Produced, bool Finished) Process(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < input.Length + 2)
        {
            throw new ArgumentException("The output must hold the input's length plus two bytes.", nameof(output));
        }

        var i = 0;
        var o = 0;
        while (i < input.Length && _state != State.Done)
        {
            if (_state == State.MidLine)
            {
                // The bulk of a message: copy up to and including the end of the line in one go.
                var rest = input[i..];
                var newline = rest.IndexOf((byte)'\n');
                var length = newline < 0 ? rest.Length : newline + 1;
                rest[..length].CopyTo(output[o..]);
                i += length;
                o += length;
                if (newline >= 0)
                {
                    _state = State.LineStart;
                }

                continue;
            }

            var b = input[i++];
            switch (_state)
            {
                case State.LineStart when b == (byte)'.':
                    _state = State.Dot;
                    break;
                case State.LineStart:
                    output[o++] = b;
                    _state = b == (byte)'\n' ? State.LineStart : State.MidLine;
                    break;
                case State.Dot when b == (byte)'\r':
                    _state = State.DotCr;
                    break;
                case State.Dot when b == (byte)'\n':
                    _state = State.Done;
                    break;
                case State.Dot:
                    // ".." was a stuffed "."; a lone "." before other text (not allowed, but seen) is kept.
                    if (b != (byte)'.')
                    {
                        output[o++] = (byte)'.';
                    }

                    output[o++] = b;
                    _state = State.MidLine;
                    break;
                case State.DotCr when b == (byte)'\n':
                    _state = State.Done;
                    break;
                case State.DotCr:
                    output[o++] = (byte)'.';
                    output[o++] = (byte)'\r';
                    output[o++] = b;
                    _state = State.MidLine;
                    break;
            }
        }

        return (i, o, _state == State.Done);
    }
}
