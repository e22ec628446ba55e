using Mailroom.Core.Settings;
using Mailroom.Core.Validation;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Accounts;

/// <summary>The installation settings on SQLite and PostgreSQL.</summary>
public abstract class SettingsStoreTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private StorageTarget _target = null!;
    private StoreHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _target = await CreateTargetAsync();
        _harness = await StoreHarness.OpenAsync(_target.Options);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _target.DisposeAsync();
    }

    private protected abstract Task<StorageTarget> CreateTargetAsync();

    [Fact]
    public async Task First_start_generates_a_random_prefix_and_later_starts_keep_it()
    {
        var first = await _harness.Settings.EnsureInitializedAsync(None);
        Assert.Matches("^[A-Z]{4}$", first.ConversationPrefix);

        await using var second = await StoreHarness.OpenAsync(_target.Options);
        Assert.Equal(first, await second.Settings.EnsureInitializedAsync(None));
        Assert.Equal(first, await second.Settings.GetAsync(None));
    }

    [Fact]
    public async Task A_valid_prefix_is_saved_and_audited()
    {
        await _harness.Settings.EnsureInitializedAsync(None);
        await _harness.Settings.SaveAsync(new InstallationSettings("HD42"), "test:admin", None);

        Assert.Equal("HD42", (await _harness.Settings.GetAsync(None)).ConversationPrefix);
        var entry = Assert.Single(await _harness.Audit.ListAsync(null, 10, None));
        Assert.Equal(["conversation-prefix"], entry.Fields);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("TOOLONGXX")]
    [InlineData("AB-1")]
    public async Task An_invalid_prefix_is_refused_and_nothing_changes(string prefix)
    {
        var before = await _harness.Settings.EnsureInitializedAsync(None);
        var e = await Assert.ThrowsAsync<ValidationException>(() => _harness.Settings.SaveAsync(new InstallationSettings(prefix), "test:admin", None));

        Assert.Equal("conversation-prefix", Assert.Single(e.Problems).Field);
        Assert.Equal(before, await _harness.Settings.GetAsync(None));
        Assert.Empty(await _harness.Audit.ListAsync(null, 10, None));
    }
}

public sealed class SqliteSettingsStoreTests : SettingsStoreTests
{
    private protected override Task<StorageTarget> CreateTargetAsync() => Task.FromResult<StorageTarget>(new SqliteTarget());
}

public sealed class PostgresSettingsStoreTests : SettingsStoreTests
{
    private protected override async Task<StorageTarget> CreateTargetAsync() => await PostgresTarget.CreateAsync("settings");
}
