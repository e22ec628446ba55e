using System.Text;
using Mailroom.Mail.Pop3;

namespace Mailroom.Mail.Tests.Pop3;

/// <summary>Undoing POP3 dot-stuffing, with the reply split into blocks at every possible place.</summary>
public sealed class DotUnstufferTests
{
    private const string Stuffed = "Subject: dots\r\n\r\n..\r\n...two dots\r\n.. leading dot\r\nmid.line\r\n.\r\n";
    private const string Message = "Subject: dots\r\n\r\n.\r\n..two dots\r\n. leading dot\r\nmid.line\r\n";

    [Fact]
    public void StuffedLines_LoseOneDot_AndTheDotLineEndsTheData_WhereverTheBlocksSplit()
    {
        var input = Encoding.ASCII.GetBytes(Stuffed);
        for (var split = 0; split <= input.Length; split++)
        {
            var (output, consumed, finished) = Run(input, split);

            Assert.True(finished, $"split at {split}: the terminating line was not seen");
            Assert.Equal(input.Length, consumed);
            Assert.Equal(Message, output);
        }
    }

    [Fact]
    public void ByteByByte_GivesTheSameMessage()
    {
        var input = Encoding.ASCII.GetBytes(Stuffed);
        var unstuffer = new DotUnstuffer();
        var output = new List<byte>();
        var finished = false;
        for (var i = 0; i < input.Length && !finished; i++)
        {
            var buffer = new byte[3];
            (_, var produced, finished) = unstuffer.Process(input.AsSpan(i, 1), buffer);
            output.AddRange(buffer.AsSpan(0, produced).ToArray());
        }

        Assert.True(finished);
        Assert.Equal(Message, Encoding.ASCII.GetString(output.ToArray()));
    }

    [Fact]
    public void BareLfTerminator_EndsTheData()
    {
        var (output, _, finished) = Run(Encoding.ASCII.GetBytes("a\n..b\n.\n"), 0);

        Assert.True(finished);
        Assert.Equal("a\n.b\n", output);
    }

    [Fact]
    public void DataWithoutTheTerminator_IsNotFinished()
    {
        var (output, _, finished) = Run(Encoding.ASCII.GetBytes("line\r\n.\r"), 0);

        Assert.False(finished);
        Assert.Equal("line\r\n", output);
    }

    [Fact]
    public void ConsumptionStops_AtTheEndOfTheTerminatingLine()
    {
        var input = Encoding.ASCII.GetBytes("x\r\n.\r\nextra");

        var (_, consumed, finished) = Run(input, 0);

        Assert.True(finished);
        Assert.Equal("x\r\n.\r\n".Length, consumed);
    }

    private static (string Output, int Consumed, bool Finished) Run(byte[] input, int split)
    {
        var unstuffer = new DotUnstuffer();
        var output = new List<byte>();
        var consumed = 0;
        var finished = false;
        foreach (var (start, length) in new[] { (0, split), (split, input.Length - split) })
        {
            if (finished)
            {
                break;
            }

            var buffer = new byte[length + 2];
            (var used, var produced, finished) = unstuffer.Process(input.AsSpan(start, length), buffer);
            consumed += used;
            output.AddRange(buffer.AsSpan(0, produced).ToArray());
        }

        return (Encoding.ASCII.GetString(output.ToArray()), consumed, finished);
    }
}
