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

    [Theory]
    [InlineData("Fwd: Printer is broken")]
    [InlineData("FW: Printer is broken")]
    [InlineData("WG: Drucker defekt")]
    [InlineData("TR : Imprimante en panne")]
    [InlineData("RV: Impresora rota")]
    [InlineData("I: Stampante rotta")]
    [InlineData("VS: Skriveren er i stykker")]
    [InlineData("Doorst: Printer kapot")]
    [InlineData("转发：打印机坏了")]
    [InlineData("Пересл: Принтер сломан")]
    [InlineData("[helpdesk-list] Fwd: Re: Printer is broken")]
    [InlineData("fwd[2]: Printer is broken")]
    public void A_subject_whose_outer_prefix_forwards_is_a_forward(string subject)
    {
        Assert.True(SubjectNormalizer.IsForward(subject));
    }

    [Theory]
    [InlineData("Re: Printer is broken")]
    [InlineData("AW: WG: Drucker defekt")] // a reply to a forward answers the forward
    [InlineData("SV: Skrivaren är trasig")]
    [InlineData("回复: 打印机坏了")]
    [InlineData("Printer is broken")]
    [InlineData("Forward this to IT")]
    [InlineData("Fwd printer to floor 3")]
    [InlineData("[Fwd: list]")]
    [InlineData("")]
    [InlineData(null)]
    public void A_reply_or_a_plain_subject_is_not_a_forward(string? subject)
    {
        Assert.False(SubjectNormalizer.IsForward(subject));
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
