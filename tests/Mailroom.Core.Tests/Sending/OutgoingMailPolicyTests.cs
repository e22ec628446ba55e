using Mailroom.Core.Accounts;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Tests.Sending;

public sealed class OutgoingMailPolicyTests
{
    private static readonly SendingOptions Options = new() { MaxBodyBytes = 2048, MaxAttachmentBytes = 4096 };

    [Fact]
    public void Check_WithoutFrom_UsesTheAccountsDefault()
    {
        Assert.Equal("desk@example.test", OutgoingMailPolicy.Check(Request(), Account(), Options));
    }

    [Theory]
    [InlineData("desk@example.test")]
    [InlineData("SALES@example.test")]
    public void Check_ALegalFrom_IsAllowed(string from)
    {
        Assert.Equal(from, OutgoingMailPolicy.Check(Request() with { From = from }, Account(), Options));
    }

    [Fact]
    public void Check_AnIllegalFrom_IsRefused_SayingWhichRule()
    {
        var e = Assert.Throws<ValidationException>(() => OutgoingMailPolicy.Check(Request() with { From = "ceo@elsewhere.test" }, Account(), Options));

        var problem = Assert.Single(e.Problems);
        Assert.Equal("from", problem.Field);
        Assert.Contains("ceo@elsewhere.test", problem.Message, StringComparison.Ordinal);
        Assert.Contains("legal From addresses are desk@example.test, sales@example.test", problem.Message, StringComparison.Ordinal);
        Assert.Contains("arbitrary From addresses are not allowed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TheUsersOwnAddress_IsAllowedOnlyWhereTheAccountSaysSo()
    {
        var request = Request() with { From = "agent@example.test", SenderUser = "Agent@example.test" };
        Assert.Equal("agent@example.test", OutgoingMailPolicy.Check(request, Account(), Options));

        var strict = Account() with { From = Account().From with { AllowUserAddress = false } };
        var e = Assert.Throws<ValidationException>(() => OutgoingMailPolicy.Check(request, strict, Options));
        Assert.Contains("your own address is not allowed", e.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ArbitraryFrom_AllowsAnyAddress()
    {
        var open = Account() with { From = Account().From with { AllowArbitrary = true } };
        Assert.Equal("anyone@anywhere.test", OutgoingMailPolicy.Check(Request() with { From = "anyone@anywhere.test" }, open, Options));
    }

    [Fact]
    public void Check_AnAccountHiddenFromUsers_IsRefusedToAgents_ButNotToTheSystem()
    {
        var hidden = Account() with { AvailableToUsers = false };
        var e = Assert.Throws<ValidationException>(() => OutgoingMailPolicy.Check(Request(), hidden, Options));
        Assert.Equal("account", Assert.Single(e.Problems).Field);

        Assert.Equal("desk@example.test", OutgoingMailPolicy.Check(Request() with { IsSystem = true }, hidden, Options));
    }

    [Fact]
    public void Check_APersonalAccount_IsItsOwnersAlone_WhateverItsAvailability()
    {
        var mine = Account() with { Owner = "pat@example.test", AvailableToUsers = false };

        Assert.Equal("desk@example.test", OutgoingMailPolicy.Check(Request() with { SenderUser = "PAT@example.test", OwnAccount = true }, mine, Options));
        foreach (var other in new[] { Request() with { SenderUser = "sam@example.test", OwnAccount = true }, Request() with { IsSystem = true } })
        {
            var e = Assert.Throws<ValidationException>(() => OutgoingMailPolicy.Check(other, mine, Options));
            var problem = Assert.Single(e.Problems);
            Assert.Equal("account", problem.Field);
            Assert.Contains("another user's personal account", problem.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("to")]
    [InlineData("cc")]
    [InlineData("from")]
    public void Check_ALineBreakInHeaderText_IsRefused_NamingTheField(string field)
    {
        const string evil = "x@example.test\r\nBcc: victim@example.test";
        var request = field switch
        {
            "subject" => Request() with { Subject = "Hi\r\nBcc: victim@example.test" },
            "to" => Request() with { To = [evil] },
            "cc" => Request() with { Cc = [evil] },
            _ => Request() with { From = evil },
        };

        var e = Assert.Throws<ValidationException>(() => OutgoingMailPolicy.Check(request, Account(), Options));

        var problem = Assert.Single(e.Problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains("line break", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReportsEveryProblemAtOnce()
    {
        var request = Request() with
        {
            To = [],
            Cc = ["not an address"],
            Subject = " ",
            TextBody = new string('x', 3000),
            Attachments = [new OutgoingAttachment("big.bin", null, new byte[5000])],
            From = "ceo@elsewhere.test",
        };

        var e = Assert.Throws<ValidationException>(() => OutgoingMailPolicy.Check(request, Account(), Options));

        Assert.Equal(["to", "cc", "subject", "body", "attach", "from"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Check_WithoutAnyBody_IsRefused()
    {
        var e = Assert.Throws<ValidationException>(() => OutgoingMailPolicy.Check(Request() with { TextBody = null }, Account(), Options));
        Assert.Equal("body", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void Resolve_WithNoDefaultAndNoLegalAddress_FallsBackToTheSignInAddress()
    {
        var bare = Account() with { From = FromSettings.Default, Credentials = new Credentials("login@example.test", new Secret("x")) };
        Assert.Equal("login@example.test", FromPolicy.Resolve(bare, null, null));

        var nothing = bare with { Credentials = new Credentials("login", new Secret("x")) };
        Assert.Equal("from", Assert.Throws<ValidationException>(() => FromPolicy.Resolve(nothing, null, null)).Problems[0].Field);
    }

    private static OutgoingMailRequest Request() => new()
    {
        RecordId = 1,
        Account = "Desk",
        To = ["cust@example.test"],
        Subject = "About your printer",
        TextBody = "We are on it.",
    };

    private static Account Account() => new()
    {
        Name = "Desk",
        Type = AccountType.Imap,
        AvailableToUsers = true,
        From = new FromSettings(true, false, ["desk@example.test", "sales@example.test"], "desk@example.test"),
    };
}
