using Mailroom.Core.Conversations;

namespace Mailroom.Core.Tests.Conversations;

public sealed class ConversationKeysTests
{
    [Theory]
    [InlineData("{CMI: ABCD1234}")]
    [InlineData("{cmi:  abcd1234}")]
    [InlineData("CMI:ABCD1234")]
    [InlineData("abcd1234")]
    public void Every_way_of_writing_an_id_has_the_key_of_the_id_itself(string written)
    {
        var id = new ConversationId("abcd", 1234);
        Assert.Equal("ABCD1234", ConversationKeys.Key(id));
        Assert.Equal(ConversationKeys.Key(id), ConversationKeys.Key(written));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{CMI: }")]
    public void Nothing_left_has_no_key(string? written)
    {
        Assert.Null(ConversationKeys.Key(written));
    }
}
