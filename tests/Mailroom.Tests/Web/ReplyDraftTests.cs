using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Pages.Records;

namespace Mailroom.Tests.Web;

/// <summary>How the reply form is filled in from the mail it answers.</summary>
public sealed class ReplyDraftTests
{
    [Theory]
    [InlineData("Printer jam", "RE: Printer jam")]
    [InlineData("RE: RE: Printer jam {CMI: ABCD12}", "RE: Printer jam")]
    [InlineData("AW: Re[2]: Printer  jam", "RE: Printer jam")]
    [InlineData("Recipe for {cmi:  xy9} cake", "RE: Recipe for cake")]
    public void A_reply_subject_has_one_re_and_no_old_conversation_id(string subject, string expected) =>
        Assert.Equal(expected, ReplyDraft.Reply(subject));

    [Fact]
    public void Answering_a_received_mail_writes_to_its_sender_and_copies_its_cc_without_the_desk()
    {
        var account = new Account { Name = "Desk", Type = AccountType.Imap, From = new FromSettings(true, false, ["desk@corp.test"], "desk@corp.test") };
        var record = new Mailroom.Core.Records.Record { Id = 1, Number = 7, Subject = "Printer jam" };
        var answered = new JournalEntry
        {
            Id = 42,
            Kind = JournalEntryKind.Mail,
            Mail = new MailHistory
            {
                Direction = MailDirection.Incoming,
                From = "\"Fay, F.\" <fay@customer.test>",
                To = "desk@corp.test",
                Cc = "gus@customer.test, Desk <DESK@corp.test>, agent@corp.test",
                Subject = "Printer jam {CMI: AB1}",
            },
        };

        var draft = ReplyDraft.For(record, answered, account, "agent@corp.test");

        Assert.Equal("Desk", draft.Account);
        Assert.Equal("fay@customer.test", draft.To);
        Assert.Equal("gus@customer.test", draft.Cc);
        Assert.Equal("RE: Printer jam", draft.Subject);
        Assert.Equal(42, draft.InReplyTo);
    }
}
