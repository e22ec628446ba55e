using Mailroom.Core.Records;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Tests.Records;

public sealed class RecordStatusTextTests
{
    [Theory]
    [InlineData(RecordStatus.New, "new")]
    [InlineData(RecordStatus.InProgress, "in-progress")]
    [InlineData(RecordStatus.Resolved, "resolved")]
    [InlineData(RecordStatus.Closed, "closed")]
    public void Every_status_has_one_text_that_reads_back(RecordStatus status, string text)
    {
        Assert.Equal(text, RecordStatusText.Of(status));
        Assert.True(RecordStatusText.TryParse(text, out var read));
        Assert.Equal(status, read);
    }

    [Theory]
    [InlineData(" In-Progress ")]
    [InlineData("inprogress")]
    [InlineData("InProgress")]
    [InlineData("in progress")]
    public void In_progress_reads_however_a_person_or_an_older_item_wrote_it(string text)
    {
        Assert.Equal(RecordStatus.InProgress, RecordStatusText.Parse(text));
    }

    [Fact]
    public void A_word_that_is_no_status_is_refused_naming_the_field_and_the_choices()
    {
        var e = Assert.Throws<ValidationException>(() => RecordStatusText.Parse("done", "fields.status"));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("fields.status", problem.Field);
        Assert.Contains("'done'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("new, in-progress, resolved or closed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lists_hold_every_status_and_the_open_ones()
    {
        Assert.Equal(["new", "in-progress", "resolved", "closed"], RecordStatusText.All);
        Assert.Equal(["new", "in-progress"], RecordStatusText.Open);
        Assert.Equal(Enum.GetValues<RecordStatus>().Length, RecordStatusText.All.Count);
    }
}
