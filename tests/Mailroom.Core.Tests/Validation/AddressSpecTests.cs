using Mailroom.Core.Validation;

namespace Mailroom.Core.Tests.Validation;

public sealed class AddressSpecTests
{
    [Theory]
    [InlineData("helpdesk@example.test")]
    [InlineData("first.last+tag@sub.example.test")]
    [InlineData("o'brien@example.test")]
    [InlineData("user@localhost")]
    public void Plain_addresses_are_valid(string address) => Assert.True(AddressSpec.IsValid(address));

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("@example.test")]
    [InlineData("user@")]
    [InlineData("Help Desk <help@example.test>")]
    [InlineData("<help@example.test>")]
    [InlineData("help@example.test\r\nBcc: victim@example.test")]
    [InlineData("help@example.test\n")]
    [InlineData("two words@example.test")]
    [InlineData("a..b@example.test")]
    [InlineData(".a@example.test")]
    [InlineData("\"quoted\"@example.test")]
    [InlineData("a@b@example.test")]
    [InlineData("user@-bad.example.test")]
    [InlineData("user@exa mple.test")]
    [InlineData("user@::1")]
    public void Anything_but_a_bare_addr_spec_is_refused(string address) => Assert.False(AddressSpec.IsValid(address));

    [Fact]
    public void Local_part_longer_than_64_is_refused()
    {
        Assert.True(AddressSpec.IsValid(new string('a', 64) + "@example.test"));
        Assert.False(AddressSpec.IsValid(new string('a', 65) + "@example.test"));
    }
}
