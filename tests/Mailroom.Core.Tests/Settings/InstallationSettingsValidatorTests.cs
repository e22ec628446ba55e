using Mailroom.Core.Conversations;
using Mailroom.Core.Settings;

namespace Mailroom.Core.Tests.Settings;

public sealed class InstallationSettingsValidatorTests
{
    [Theory]
    [InlineData("AB", true)]
    [InlineData("ABCD1234", true)]
    [InlineData("ab12", true)]
    [InlineData("A", false)]
    [InlineData("", false)]
    [InlineData("ABCDEFGHI", false)]
    [InlineData("AB-C", false)]
    [InlineData("AB C", false)]
    [InlineData("ÄBC", false)]
    [InlineData("IO10", true)]
    public void Prefix_is_two_to_eight_letters_or_digits(string prefix, bool valid)
    {
        var problems = InstallationSettingsValidator.Validate(new InstallationSettings(prefix));
        Assert.Equal(valid, problems.Count == 0);
        Assert.All(problems, p => Assert.Equal("conversation-prefix", p.Field));
    }

    [Fact]
    public void A_generated_prefix_is_four_upper_case_letters_without_I_or_O_and_valid()
    {
        var prefixes = Enumerable.Range(0, 200).Select(_ => ConversationId.NewRandomPrefix()).ToList();
        Assert.All(prefixes, p => Assert.Matches("^[A-HJ-NP-Z]{4}$", p));
        Assert.All(prefixes, p => Assert.Empty(InstallationSettingsValidator.Validate(new InstallationSettings(p))));
        Assert.True(prefixes.Distinct().Count() > 1, "fifty random prefixes should not all be the same");
    }
}
