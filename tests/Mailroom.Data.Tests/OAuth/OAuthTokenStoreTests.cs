using Mailroom.Core.Accounts;
using Mailroom.Data.OAuth;
using Mailroom.Data.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Data.Tests.OAuth;

/// <summary>The token store on SQLite and PostgreSQL alike (the two derived classes): sealed, one claim at a time, sign-in needed and back.</summary>
public abstract class OAuthTokenStoreTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private StorageTarget _target = null!;
    private StoreHarness _harness = null!;
    private long _accountId;

    public async Task InitializeAsync()
    {
        _target = await CreateTargetAsync();
        _harness = await StoreHarness.OpenAsync(_target.Options);
        var account = await _harness.Accounts.AddAsync(new Account
        {
            Name = "Google desk",
            Type = AccountType.Imap,
            Incoming = new IncomingServer("imap.example.test", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("smtp.example.test", 587, SecurityMode.StartTls, UseIncomingCredentials: true, null),
            Credentials = new Credentials("desk@example.test", null),
        }, "test:admin", None);
        _accountId = account.Id;
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _target.DisposeAsync();
    }

    private protected abstract Task<StorageTarget> CreateTargetAsync();

    private OAuthTokenStore Store => _harness.OAuthTokens;

    private static RenewedAccessToken Token(string access, string? refresh, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        return new RenewedAccessToken(new Secret(access), now, now + lifetime, refresh is null ? null : new Secret(refresh));
    }

    [Fact]
    public async Task A_renewal_keeps_the_new_access_token_and_the_rotated_refresh_token_sealed_and_together()
    {
        var refresh = "1//refresh-" + Guid.NewGuid().ToString("N") + new string('r', 2000);
        await Store.SaveSignInAsync(_accountId, null, Token("ya29.first-" + Guid.NewGuid().ToString("N"), refresh, TimeSpan.FromHours(1)), None);
        Assert.True(await Store.TryClaimAsync(_accountId, null, "node-a", Long, None));
        var rotated = "1//rotated-" + Guid.NewGuid().ToString("N");
        var access = "ya29.second-" + Guid.NewGuid().ToString("N");

        await Store.SaveRenewedAsync(_accountId, null, "node-a", Token(access, rotated, TimeSpan.FromMinutes(10)), None);

        var kept = await Store.GetAsync(_accountId, null, None);
        Assert.NotNull(kept);
        Assert.Equal(access, kept.AccessToken!.Reveal());
        Assert.Equal(rotated, kept.RefreshToken!.Reveal());
        Assert.False(kept.SignInNeeded);
        Assert.Equal(2, kept.Version);
        Assert.True(await Store.TryClaimAsync(_accountId, null, "node-b", Long, None), "saving ends the renewing node's claim");
        foreach (var secret in new[] { refresh, rotated, access })
        {
            Assert.Empty(await _target.FindEverywhereAsync(secret));
        }
    }

    [Fact]
    public async Task A_renewal_without_a_rotated_refresh_token_keeps_the_old_one()
    {
        await Store.SaveSignInAsync(_accountId, null, Token("a1", "refresh-kept", TimeSpan.FromHours(1)), None);

        await Store.SaveRenewedAsync(_accountId, null, "node-a", Token("a2", null, TimeSpan.FromHours(1)), None);

        var kept = await Store.GetAsync(_accountId, null, None);
        Assert.Equal("refresh-kept", kept!.RefreshToken!.Reveal());
        Assert.Equal("a2", kept.AccessToken!.Reveal());
    }

    [Fact]
    public async Task Of_many_nodes_claiming_one_renewal_at_once_exactly_one_gets_it_until_it_runs_out()
    {
        await Store.SaveSignInAsync(_accountId, null, Token("a1", "r1", TimeSpan.FromSeconds(1)), None);

        var claims = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => Store.TryClaimAsync(_accountId, null, $"node-{i}", Long, None)));

        Assert.Single(claims, c => c);
        var winner = $"node-{Array.IndexOf(claims, true) + 1}";
        Assert.True(await Store.TryClaimAsync(_accountId, null, winner, Long, None), "the holder may claim again");
        Assert.True(await Store.IsClaimedByOtherAsync(_accountId, null, "latecomer", None));
        Assert.False(await Store.IsClaimedByOtherAsync(_accountId, null, winner, None));

        // A claim that runs out (its node died mid-renewal) is free for another.
        Assert.True(await Store.TryClaimAsync(_accountId, null, winner, TimeSpan.FromMilliseconds(200), None));
        await WaitFor.ConditionAsync(() => Store.TryClaimAsync(_accountId, null, "latecomer", Long, None), TimeSpan.FromSeconds(20),
            "a claim of 200 ms running out for another node", TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Sign_in_needed_keeps_the_providers_words_drops_the_access_token_and_a_new_sign_in_clears_it()
    {
        await Store.SaveSignInAsync(_accountId, null, Token("a1", "r1", TimeSpan.FromHours(1)), None);
        Assert.True(await Store.TryClaimAsync(_accountId, null, "node-a", Long, None));
        var at = DateTimeOffset.UtcNow;

        await Store.MarkSignInNeededAsync(_accountId, null, "node-a", "invalid_grant: Token has been expired or revoked.", 3, at, None);

        var kept = await Store.GetAsync(_accountId, null, None);
        Assert.True(kept!.SignInNeeded);
        Assert.Null(kept.AccessToken);
        Assert.Equal(3, kept.StateAccountVersion);
        var state = Assert.Single(await Store.ListStatesAsync(None));
        Assert.True(state.SignInNeeded);
        Assert.Equal("invalid_grant: Token has been expired or revoked.", state.Reason);
        Assert.Equal(at.ToUnixTimeMilliseconds(), state.Since!.Value.ToUnixTimeMilliseconds());
        Assert.True(await Store.TryClaimAsync(_accountId, null, "node-b", Long, None), "marking ends the claim");

        await Store.SaveSignInAsync(_accountId, null, Token("a2", "r2", TimeSpan.FromHours(1)), None);

        var after = await Store.GetStateAsync(_accountId, null, None);
        Assert.False(after!.SignInNeeded);
        Assert.Null(after.Reason);
        Assert.True(await Store.TryClaimAsync(_accountId, null, "node-c", Long, None), "a new sign-in drops a claim on the old token");
    }

    [Fact]
    public async Task Each_users_own_sign_in_is_kept_apart_from_the_accounts_and_goes_with_the_account()
    {
        await Store.SaveSignInAsync(_accountId, null, Token("account-access", "account-refresh", TimeSpan.FromHours(1)), None);
        await Store.SaveSignInAsync(_accountId, "Agent@Example.test", Token("agent-access", "agent-refresh", TimeSpan.FromHours(1)), None);

        Assert.Equal("account-refresh", (await Store.GetAsync(_accountId, null, None))!.RefreshToken!.Reveal());
        Assert.Equal("agent-refresh", (await Store.GetAsync(_accountId, "agent@example.test", None))!.RefreshToken!.Reveal());
        Assert.Equal(["", "agent@example.test"], (await Store.ListStatesAsync(None)).Select(s => s.UserAddress));

        await _harness.Accounts.DeleteAsync("Google desk", keepUserAccounts: false, "test:admin", None);

        Assert.Empty(await Store.ListStatesAsync(None));
    }

    [Fact]
    public async Task Changing_an_accounts_OAuth_client_drops_its_kept_tokens_in_the_edit_and_a_new_secret_keeps_them()
    {
        var account = await _harness.Accounts.GetAsync(_accountId, None);
        account = await _harness.Accounts.UpdateAsync(account with
        {
            OAuth = new OAuthSettings(OAuthProvider.Google, "client-one", OAuthFlow.AuthorizationCode) { ClientSecret = new Secret("secret-one") },
        }, "test:admin", None);
        await Store.SaveSignInAsync(_accountId, null, Token("ya29.desk", "1//desk-refresh", TimeSpan.FromHours(1)), None);
        await Store.SaveSignInAsync(_accountId, "ann@example.test", Token("ya29.ann", "1//ann-refresh", TimeSpan.FromHours(1)), None);

        // A rotated client secret is the same client: the refresh tokens still belong to it.
        account = await _harness.Accounts.UpdateAsync(account with { OAuth = account.OAuth! with { ClientSecret = new Secret("secret-two") } }, "test:admin", None);
        Assert.Equal("1//desk-refresh", (await Store.GetAsync(_accountId, null, None))?.RefreshToken?.Reveal());
        Assert.Equal("1//ann-refresh", (await Store.GetAsync(_accountId, "ann@example.test", None))?.RefreshToken?.Reveal());

        account = await _harness.Accounts.UpdateAsync(account with { OAuth = account.OAuth! with { ClientId = "client-two" } }, "test:admin", None);
        Assert.Null(await Store.GetAsync(_accountId, null, None));
        Assert.Null(await Store.GetAsync(_accountId, "ann@example.test", None));
        Assert.Empty(await Store.ListStatesAsync(None));

        // Signed in again with the new client, then back to a password: nothing of the OAuth sign-in stays.
        await Store.SaveSignInAsync(_accountId, null, Token("ya29.again", "1//again-refresh", TimeSpan.FromHours(1)), None);
        account = await _harness.Accounts.UpdateAsync(account with { OAuth = account.OAuth! with { Scopes = ["https://mail.google.com/", "openid"] } }, "test:admin", None);
        Assert.Null(await Store.GetAsync(_accountId, null, None));
        await Store.SaveSignInAsync(_accountId, null, Token("ya29.last", "1//last-refresh", TimeSpan.FromHours(1)), None);
        await _harness.Accounts.UpdateAsync(account with { OAuth = null, Credentials = new Credentials("desk@example.test", new Secret("a password")) }, "test:admin", None);
        Assert.Null(await Store.GetAsync(_accountId, null, None));
    }
}

public sealed class SqliteOAuthTokenStoreTests : OAuthTokenStoreTests
{
    private protected override Task<StorageTarget> CreateTargetAsync() => Task.FromResult<StorageTarget>(new SqliteTarget());
}

public sealed class PostgresOAuthTokenStoreTests : OAuthTokenStoreTests
{
    private protected override async Task<StorageTarget> CreateTargetAsync() => await PostgresTarget.CreateAsync("oauth_tokens");
}
