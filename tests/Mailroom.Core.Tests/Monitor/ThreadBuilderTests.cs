using Mailroom.Core.Monitor;

namespace Mailroom.Core.Tests.Monitor;

public sealed class ThreadBuilderTests
{
    [Fact]
    public void Replies_join_their_thread_and_point_at_their_parent()
    {
        var threads = ThreadBuilder.Build(
        [
            new ThreadMessage("a", "a@x", null, []),
            new ThreadMessage("b", "b@x", "a@x", ["a@x"]),
            new ThreadMessage("c", "c@x", null, ["a@x", "b@x"]),
            new ThreadMessage("z", "z@x", null, []),
        ]);
        Assert.Equal(2, threads.Count);
        var main = Assert.Single(threads, t => t.Keys.Contains("a"));
        Assert.Equal(["a", "b", "c"], main.Keys);
        Assert.Null(main.ParentOf["a"]);
        Assert.Equal("a", main.ParentOf["b"]);
        Assert.Equal("b", main.ParentOf["c"]);
    }

    [Fact]
    public void Missing_root_still_joins_its_replies()
    {
        var threads = ThreadBuilder.Build(
        [
            new ThreadMessage("b", "b@x", "ghost@x", ["ghost@x"]),
            new ThreadMessage("c", "c@x", "ghost@x", ["ghost@x"]),
        ]);
        var thread = Assert.Single(threads);
        Assert.Null(thread.ParentOf["b"]);
        Assert.Null(thread.ParentOf["c"]);
    }

    [Fact]
    public void In_reply_to_wins_over_references_for_the_parent()
    {
        var threads = ThreadBuilder.Build(
        [
            new ThreadMessage("root", "r@x", null, []),
            new ThreadMessage("child", "c@x", "r@x", ["r@x"]),
            new ThreadMessage("grand", "g@x", "c@x", ["r@x"]),
        ]);
        Assert.Equal("child", Assert.Single(threads).ParentOf["grand"]);
    }
}
