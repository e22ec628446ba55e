using Mailroom.Core.Monitor;

namespace Mailroom.Core.Tests.Monitor;

public sealed class RecordNumberFinderTests
{
    [Theory]
    [InlineData("Re: question about order 4711 and 12", 4711L)]
    [InlineData("Version 2.5 fails for 42", 42L)]
    [InlineData("ABC123 then 77", 77L)]
    [InlineData("no number here", null)]
    public void First_whole_number(string subject, long? expected)
    {
        Assert.Equal(expected, new RecordNumberFinder(RecordNumberMode.FirstNumber).Find(subject));
    }

    [Theory]
    [InlineData("Printer broken 1234", 1234L)]
    [InlineData("Printer broken (1234)", 1234L)]
    [InlineData("Printer broken [#1234].", 1234L)]
    [InlineData("1234 printer broken", null)]
    [InlineData("Printer v2.5", null)]
    public void Number_at_the_end(string subject, long? expected)
    {
        Assert.Equal(expected, new RecordNumberFinder(RecordNumberMode.NumberAtEnd).Find(subject));
    }

    [Theory]
    [InlineData("Re: Incident 1234 printer", 1234L)]
    [InlineData("Re: incident #1234", 1234L)]
    [InlineData("[Incident#1234] printer", 1234L)]
    [InlineData("Incident: 1234", 1234L)]
    [InlineData("Order 99, Incident 5", 5L)]
    [InlineData("Incidents 1234", null)]
    [InlineData("Incident abc", null)]
    public void Number_after_a_term(string subject, long? expected)
    {
        Assert.Equal(expected, new RecordNumberFinder(RecordNumberMode.AfterTerm, "Incident").Find(subject));
    }

    [Fact]
    public void After_term_without_a_term_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RecordNumberFinder(RecordNumberMode.AfterTerm));
    }
}
