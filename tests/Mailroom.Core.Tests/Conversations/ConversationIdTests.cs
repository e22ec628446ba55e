using Mailroom.Core.Conversations;

namespace Mailroom.Core.Tests.Conversations;

public sealed class ConversationIdTests
{
    [Fact]
    public void Format_puts_the_prefix_right_before_the_number()
    {
        Assert.Equal("{CMI: ABCD1234}", new ConversationId("ABCD", 1234).Format());
        Assert.Equal("{CMI: ABCD1234}", new ConversationId("abcd", 1234).ToString());
    }

    [Theory]
    [InlineData("AB", true)]
    [InlineData("AB12CD34", true)]
    [InlineData("A", false)]
    [InlineData("ABCDEFGHI", false)]
    [InlineData("AB-C", false)]
    [InlineData("ÄBC", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Prefix_is_two_to_eight_ascii_letters_or_digits(string? prefix, bool valid)
    {
        Assert.Equal(valid, ConversationId.IsValidPrefix(prefix));
    }

    [Fact]
    public void Bad_prefix_or_number_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ConversationId("A", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversationId("ABCD", 0));
    }

    [Fact]
    public void Ids_compare_without_regard_to_prefix_case()
    {
        Assert.Equal(new ConversationId("abcd", 7), new ConversationId("ABCD", 7));
        Assert.NotEqual(new ConversationId("ABCD", 7), new ConversationId("ABCD", 8));
    }

    [Fact]
    public void Random_prefix_is_a_valid_prefix()
    {
        var prefix = ConversationId.NewRandomPrefix();
        Assert.True(ConversationId.IsValidPrefix(prefix));
        Assert.Equal(4, prefix.Length);
    }

    [Fact]
    public void TryParse_reads_what_Format_writes()
    {
        var id = new ConversationId("MR42", 98765);
        Assert.True(ConversationId.TryParse(id.Format(), "mr42", out var parsed));
        Assert.Equal(id, parsed);
        Assert.False(ConversationId.TryParse("{CMI: XY1}", "MR42", out _));
    }
}
