using Mailroom.Core.Conversations;

namespace Mailroom.Core.Tests.Conversations;

public sealed class ConversationIdFinderTests
{
    private static readonly ConversationIdFinder Finder = new("ABCD");

    [Theory]
    [InlineData("Re: Printer broken {CMI: ABCD1234}")]
    [InlineData("RE: Printer broken {cmi: abcd1234}")]
    [InlineData("{ CMI :  ABCD 1234 }")]
    [InlineData("{CMI:ABCD1234}")]
    [InlineData("see {CMI:\u00a0ABCD1234} below")]
    [InlineData("{CMI:&nbsp;ABCD<b>1234</b>}")]
    [InlineData("<p>{<span style=\"color:#999\">CMI</span>:&#160;ABCD&#x31;234}</p>")]
    [InlineData("&#123;CMI: ABCD1234&#125;")]
    [InlineData("&lbrace;CMI&colon; ABCD1234&rbrace;")]
    [InlineData("> {CMI: ABCD1234}")]
    [InlineData("> > Thanks\n> > {CMI: ABCD1234}")]
    [InlineData("text {CMI:\r\n ABCD1234} more")]
    [InlineData("text {CMI: ABCD12\n> 34} more")]
    [InlineData("> text {CMI: AB\r\n> > CD1234}")]
    [InlineData("text {CMI: ABCD1234\n}")]
    [InlineData("Subject {CMI:\t ABCD1234}")]
    [InlineData("全角 ｛CMI：ABCD1234｝")]
    [InlineData("{CMI: <a href=\"x\">ABCD</a><wbr>1234}")]
    [InlineData("{CMI: ABCD\u200b1234}")]
    public void Finds_the_id_however_it_was_mangled(string text)
    {
        var found = Assert.Single(Finder.FindAll(text));
        Assert.Equal(new ConversationId("ABCD", 1234), found);
    }

    [Theory]
    [InlineData("{CMI: WXYZ1234}")]
    [InlineData("{CMI: ABCD}")]
    [InlineData("{CMI: ABCD12x4}")]
    [InlineData("{CMI: ABCD1234")]
    [InlineData("CMI: ABCD1234")]
    [InlineData("{CMX: ABCD1234}")]
    [InlineData("{CMI: ABCD0}")]
    [InlineData("{CMI: ABCD1234567890123456789}")]
    [InlineData("")]
    public void Ignores_what_is_not_this_installations_id(string text)
    {
        Assert.Empty(Finder.FindAll(text));
    }

    [Fact]
    public void Newest_id_wins_across_subject_and_body()
    {
        var newest = Finder.FindNewest(
            "Re: Re: Order {CMI: ABCD17}",
            "Thanks!\n\n> On Monday you wrote:\n> {CMI: ABCD25}\n> > {CMI: ABCD3}\n{CMI: WXYZ99}");
        Assert.Equal(new ConversationId("ABCD", 25), newest);
    }

    [Fact]
    public void No_id_gives_null()
    {
        Assert.Null(Finder.FindNewest("Hello", null));
    }

    [Fact]
    public void Prefix_with_digits_is_split_at_the_prefix_length()
    {
        var finder = new ConversationIdFinder("mr42");
        Assert.Equal(new ConversationId("MR42", 7), Assert.Single(finder.FindAll("{CMI: MR427}")));
    }

    [Fact]
    public void Stray_angle_brackets_and_ampersands_do_not_hide_a_later_id()
    {
        var text = string.Concat(Enumerable.Repeat("a < b & c <x ", 2000)) + "{CMI: ABCD5}";
        Assert.Equal(new ConversationId("ABCD", 5), Finder.FindNewest(null, text));
    }

    [Fact]
    public void Huge_input_without_closing_brackets_is_scanned_and_finds_nothing()
    {
        // Thousands of unterminated openers: a backtracking matcher would crawl; the scan is linear.
        var text = string.Concat(Enumerable.Repeat("{CMI: ABCD<", 50_000));
        Assert.Empty(Finder.FindAll(text));
    }
}
