using Mailroom.Core.Monitor;

namespace Mailroom.Core.Tests.Monitor;

public sealed class SubjectNormalizerTests
{
    private static readonly SubjectNormalizer Normalizer = new();

    [Theory]
    [InlineData("Re: Printer is broken", "Printer is broken")]
    [InlineData("RE: AW: Fwd: WG: Printer is broken", "Printer is broken")]
    [InlineData("SV: VS: Antw: Doorst: RIF: R: I: TR: Odp: YNT: Printer is broken", "Printer is broken")]
    [InlineData("回复：答复: 转发: Printer is broken", "Printer is broken")]
    [InlineData("Ответ: Отв: Réf: Rif: Enc: Antwort: Printer is broken", "Printer is broken")]
    [InlineData("Re[2]: Re(3): Re: Printer is broken", "Printer is broken")]
    [InlineData("[helpdesk-list] Re: [Ext] Printer   is  broken ", "Printer is broken")]
    [InlineData("Re : Printer is broken", "Printer is broken")]
    [InlineData("Fwd:Re:Printer is broken", "Printer is broken")]
    [InlineData("Printer is broken", "Printer is broken")]
    [InlineData("Recap: printer", "Recap: printer")]
    [InlineData("Information: printer", "Information: printer")]
    [InlineData("[just brackets]", "[just brackets]")]
    [InlineData(null, "")]
    public void Strips_reply_and_forward_prefixes_and_list_tags(string? subject, string expected)
    {
        Assert.Equal(expected, Normalizer.Normalize(subject));
    }

    [Fact]
    public void Short_subjects_are_not_matchable()
    {
        Assert.False(Normalizer.IsMatchable("Re: Hello"));
        Assert.True(Normalizer.IsMatchable("Re: Hello there"));
        Assert.True(new SubjectNormalizer(minimumLength: 3).IsMatchable("Re: Hello"));
    }

    [Fact]
    public void Same_conversation_ignores_prefixes_and_case()
    {
        Assert.True(Normalizer.SameConversation("AW: printer IS broken", "Printer is broken"));
        Assert.False(Normalizer.SameConversation("Re: Hi", "Hi"));
    }

    [Fact]
    public void A_thousand_prefixes_end_and_do_not_hang()
    {
        var subject = string.Concat(Enumerable.Repeat("Re: ", 1000)) + "Printer is broken";
        Assert.EndsWith("Printer is broken", Normalizer.Normalize(subject));
    }
}
