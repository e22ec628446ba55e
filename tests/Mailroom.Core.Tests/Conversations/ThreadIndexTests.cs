using System.Buffers.Binary;
using Mailroom.Core.Conversations;

namespace Mailroom.Core.Tests.Conversations;

public sealed class ThreadIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid Conversation = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    [Fact]
    public void A_new_conversation_is_a_22_byte_header_in_the_exchange_layout_and_reads_back()
    {
        var index = ThreadIndex.StartNew(Start, Conversation);
        var bytes = Convert.FromBase64String(index.Format());

        Assert.Equal(ThreadIndex.HeaderLength, bytes.Length);
        Assert.Equal(0x01, bytes[0]); // the reserved byte
        Assert.Equal(0x01, bytes[1]); // the top byte of FILETIME >> 24 for any date from 1829 to 2057
        Assert.StartsWith("AQH", index.Format(), StringComparison.Ordinal); // as real Exchange headers begin
        Assert.Equal([0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78], bytes[6..14]); // Data1-3 big-endian

        Assert.True(ThreadIndex.TryParse(index.Format(), out var read));
        Assert.Equal(0, read.ChildCount);
        Assert.Equal(Conversation, read.ConversationGuid);
        Assert.Equal(Convert.ToHexString(bytes), read.RootKey);
        Assert.Equal(44, read.RootKey.Length);
        var started = read.Started!.Value;
        Assert.InRange(started, Start.AddSeconds(-2), Start); // the header keeps the time to 2^24 ticks (1.7 s)
    }

    [Fact]
    public void Each_reply_appends_one_child_block_and_keeps_the_root()
    {
        var first = ThreadIndex.StartNew(Start, Conversation);
        var reply = first.Reply(Start.AddHours(1), 0x5A);
        var again = reply.Reply(Start.AddDays(2), 0x07);

        Assert.Equal((1, 2), (reply.ChildCount, again.ChildCount));
        Assert.Equal(first.RootKey, reply.RootKey);
        Assert.Equal(first.RootKey, again.RootKey);
        var bytes = Convert.FromBase64String(again.Format());
        Assert.Equal(ThreadIndex.HeaderLength + (2 * ThreadIndex.ChildLength), bytes.Length);
        Assert.Equal(Convert.FromBase64String(reply.Format()), bytes[..27]); // the parent's blocks come first, unchanged

        var child = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(22, 4));
        Assert.Equal(0u, child >> 31); // an hour fits the short delta code
        var delta = TimeSpan.FromTicks((long)(child & 0x7FFF_FFFF) << 18);
        Assert.InRange(delta, TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2));
        Assert.Equal(0x5A, bytes[26]);
        Assert.Equal(0x07, bytes[31]);
    }

    [Fact]
    public void A_reply_years_later_uses_the_long_delta_code()
    {
        var reply = ThreadIndex.StartNew(Start, Conversation).Reply(Start.AddYears(3), 0);
        var child = BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(reply.Format()).AsSpan(22, 4));

        Assert.Equal(1u, child >> 31);
        var delta = TimeSpan.FromTicks((long)(child & 0x7FFF_FFFF) << 23);
        Assert.InRange(delta.TotalDays, 365 * 3 - 1, 366 * 3 + 1);
    }

    [Fact]
    public void A_header_in_the_old_outlook_layout_is_read_and_its_replies_count_from_its_time()
    {
        // Outlook 2007-2019: FILETIME >> 16 in bytes 0-5 (no separate reserved byte).
        var bytes = new byte[ThreadIndex.HeaderLength];
        var time = (ulong)Start.UtcDateTime.ToFileTimeUtc() >> 16;
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)time;
            time >>= 8;
        }

        Conversation.TryWriteBytes(bytes.AsSpan(6), bigEndian: true, out _);
        var value = Convert.ToBase64String(bytes);
        Assert.StartsWith("Ad", value, StringComparison.Ordinal);

        Assert.True(ThreadIndex.TryParse(value, out var index));
        Assert.InRange(index.Started!.Value, Start.AddSeconds(-1), Start);
        var child = BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(index.Reply(Start.AddMinutes(10), 1).Format()).AsSpan(22, 4));
        Assert.InRange(TimeSpan.FromTicks((long)child << 18), TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Folding_whitespace_and_missing_padding_do_not_change_the_root()
    {
        var reply = ThreadIndex.StartNew(Start, Conversation).Reply(Start.AddMinutes(5), 9);
        var text = reply.Format(); // 27 bytes: 36 characters, no padding
        var header = ThreadIndex.StartNew(Start, Conversation).Format(); // 22 bytes: ends with "=="

        Assert.True(ThreadIndex.TryParse(" " + text[..20] + "\r\n\t" + text[20..] + " ", out var folded));
        Assert.Equal(reply.RootKey, folded.RootKey);
        Assert.Equal(1, folded.ChildCount);
        Assert.EndsWith("==", header, StringComparison.Ordinal);
        Assert.Equal(reply.RootKey, ThreadIndex.RootKeyOf(header.TrimEnd('=')));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64 at all!")]
    [InlineData("AQHZ")] // three bytes
    [InlineData("<AQHZxyz@example.com>")]
    [InlineData("=?utf-8?B?QVFIWg==?=")]
    public void Text_that_is_no_thread_index_is_ignored(string? value)
    {
        Assert.False(ThreadIndex.TryParse(value, out var index));
        Assert.Null(index);
        Assert.Null(ThreadIndex.RootKeyOf(value));
    }

    [Theory]
    [InlineData(21)] // shorter than the header
    [InlineData(23)] // a header and a stray byte
    [InlineData(25)] // a header and a cut child block
    [InlineData(31)]
    public void A_value_of_the_wrong_length_is_ignored(int length)
    {
        var bytes = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();

        Assert.False(ThreadIndex.TryParse(Convert.ToBase64String(bytes), out _));
    }

    [Fact]
    public void A_header_without_a_guid_or_far_too_long_is_ignored()
    {
        var noGuid = new byte[27];
        noGuid[0] = 1;
        noGuid[1] = 1;

        Assert.False(ThreadIndex.TryParse(Convert.ToBase64String(noGuid), out _));
        var huge = ThreadIndex.StartNew(Start, Conversation).Format() + string.Concat(Enumerable.Repeat("AAAAAAA=", 600));
        Assert.False(ThreadIndex.TryParse(huge, out _));
    }

    [Fact]
    public void Any_22_plus_5n_bytes_with_a_guid_are_read_even_from_other_writers()
    {
        // Not every writer sets the reserved byte; the root is compared byte for byte, so it still groups its replies.
        var bytes = Enumerable.Range(100, 22 + 15).Select(i => (byte)i).ToArray();

        Assert.True(ThreadIndex.TryParse(Convert.ToBase64String(bytes), out var index));
        Assert.Equal(3, index.ChildCount);
        Assert.Equal(Convert.ToHexString(bytes, 0, 22), index.RootKey);
    }

    [Fact]
    public void A_conversation_needs_a_guid()
    {
        Assert.Throws<ArgumentException>(() => ThreadIndex.StartNew(Start, Guid.Empty));
    }
}
