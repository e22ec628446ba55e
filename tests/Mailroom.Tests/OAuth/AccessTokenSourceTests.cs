using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Engine.OAuth;
using Mailroom.Mail.OAuth;
using Mailroom.Testing;
using Mailroom.Testing.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.OAuth;

/// <summary>
/// The token source against the local authorization server (real HTTP, the real token client): renewal before
/// expiry, one refresh for two nodes on PostgreSQL, sign-in needed with the provider's words, client credentials.
/// </summary>
public sealed class AccessTokenSourceTests
{
    private const string User = "desk@mailroom.test";

    [Fact]
    public async Task Tokens_that_live_seconds_are_renewed_before_they_end_and_every_renewal_is_one_refresh_at_the_server()
    {
        await using var server = await OAuthTestServer.StartAsync();
        var client = server.AddClient();
        var directory = Directory.CreateTempSubdirectory("mailroom-oauth-renew-").FullName;
        await using var node = await OAuthNode.OpenAsync(new DatabaseOptions(directory));
        server.AccessTokenLifetime = TimeSpan.FromSeconds(4);
        var account = await node.AddAccountAsync(server, client, User);
        await node.SignInByDeviceCodeAsync(server, account, User);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        await WaitFor.ConditionAsync(async () =>
        {
            var before = DateTimeOffset.UtcNow;
            var token = await node.Source.GetAsync(account, null, forceRenewal: false, CancellationToken.None);
            Assert.True(token.ExpiresAt > before, $"the source handed out a token that had ended at {token.ExpiresAt:O} (asked at {before:O})");
            seen.Add(token.Value);
            return seen.Count >= 4;
        }, TimeSpan.FromMinutes(1), "the 4-second access token being renewed three times");

        // The first token came with the sign-in; each one after it is exactly one refresh request, none refused.
        Assert.Equal(seen.Count - 1, server.Issued(OAuthTestGrant.RefreshToken));
        Assert.Equal(seen.Count - 1, server.Requests(OAuthTestGrant.RefreshToken));
        var kept = await node.Tokens.GetAsync(account.Id, null, CancellationToken.None);
        Assert.False(kept!.SignInNeeded);
    }

    [Fact]
    public async Task Two_nodes_on_PostgreSQL_renewing_at_once_make_one_refresh_request_and_share_its_token()
    {
        await using var server = await OAuthTestServer.StartAsync();
        var client = server.AddClient();
        var options = new DatabaseOptions(Directory.CreateTempSubdirectory("mailroom-oauth-nodes-").FullName, await TestPostgres.CreateDatabaseAsync("oauth_nodes"));
        await using var a = await OAuthNode.OpenAsync(options);
        await using var b = await OAuthNode.OpenAsync(options);
        var account = await a.AddAccountAsync(server, client, User);
        server.AccessTokenLifetime = TimeSpan.FromSeconds(2);
        var signedIn = await a.SignInByDeviceCodeAsync(server, account, User);
        server.AccessTokenLifetime = TimeSpan.FromHours(1);
        await WaitFor.ConditionAsync(() => Task.FromResult(DateTimeOffset.UtcNow >= signedIn.AccessToken.ExpiresAt),
            TimeSpan.FromSeconds(30), "the signed-in 2-second token ending");

        // Refresh tokens rotate here: a second refresh with the spent one would be refused and need a person.
        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? a : b).Source.GetAsync(account, null, forceRenewal: false, CancellationToken.None)));

        Assert.Equal(1, server.Requests(OAuthTestGrant.RefreshToken));
        Assert.Single(tokens.Select(t => t.Value).Distinct());
        Assert.NotEqual(signedIn.AccessToken.Value, tokens[0].Value);
        Assert.False((await b.Tokens.GetAsync(account.Id, null, CancellationToken.None))!.SignInNeeded);
    }

    [Fact]
    public async Task A_revoked_refresh_token_needs_a_sign_in_with_the_providers_words_and_nobody_asks_again_until_someone_signs_in()
    {
        await using var server = await OAuthTestServer.StartAsync();
        var client = server.AddClient();
        var directory = Directory.CreateTempSubdirectory("mailroom-oauth-revoked-").FullName;

        // No "just issued" window: a refusal right after the sign-in is believed at once.
        await using var node = await OAuthNode.OpenAsync(new DatabaseOptions(directory), s => s.AddSingleton(new OAuthTokenSourceOptions { FreshEnough = TimeSpan.Zero }));
        var account = await node.AddAccountAsync(server, client, User);
        await node.SignInByDeviceCodeAsync(server, account, User);
        Assert.True(server.RevokeRefreshTokens(User) > 0);

        // The server refused the kept token: the source must renew, and the provider says the grant was revoked.
        var refused = await Assert.ThrowsAsync<SignInNeededException>(() => node.Source.GetAsync(account, null, forceRenewal: true, CancellationToken.None));

        Assert.StartsWith("Sign-in needed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("AADSTS50173", refused.Message, StringComparison.Ordinal);
        var state = await node.Tokens.GetStateAsync(account.Id, null, CancellationToken.None);
        Assert.True(state!.SignInNeeded);
        Assert.Contains("AADSTS50173", state.Reason, StringComparison.Ordinal);
        var requests = server.Requests(OAuthTestGrant.RefreshToken);
        await Assert.ThrowsAsync<SignInNeededException>(() => node.Source.GetAsync(account, null, forceRenewal: false, CancellationToken.None));
        await Assert.ThrowsAsync<SignInNeededException>(() => node.Source.GetAsync(account, null, forceRenewal: true, CancellationToken.None));
        Assert.Equal(requests, server.Requests(OAuthTestGrant.RefreshToken));

        var again = await node.SignInByDeviceCodeAsync(server, account, User);

        Assert.Equal(again.AccessToken.Value, (await node.Source.GetAsync(account, null, forceRenewal: false, CancellationToken.None)).Value);
        Assert.False((await node.Tokens.GetStateAsync(account.Id, null, CancellationToken.None))!.SignInNeeded);
    }

    [Fact]
    public async Task Client_credentials_buy_one_token_for_many_uses_and_a_refusal_by_the_mail_server_buys_one_more()
    {
        await using var server = await OAuthTestServer.StartAsync();
        var client = server.AddClient(secret: "s3cret-" + Guid.NewGuid().ToString("N"));
        var directory = Directory.CreateTempSubdirectory("mailroom-oauth-app-").FullName;

        // No "just issued" window: a refusal right after the purchase is believed at once.
        await using var node = await OAuthNode.OpenAsync(new DatabaseOptions(directory), s => s.AddSingleton(new OAuthTokenSourceOptions { FreshEnough = TimeSpan.Zero }));
        var account = await node.AddAccountAsync(server, client, User, OAuthFlow.ClientCredentials);

        var first = await node.Source.GetAsync(account, null, forceRenewal: false, CancellationToken.None);
        var second = await node.Source.GetAsync(account, null, forceRenewal: false, CancellationToken.None);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(1, server.Issued(OAuthTestGrant.ClientCredentials));

        var renewed = await node.Source.GetAsync(account, null, forceRenewal: true, CancellationToken.None);

        Assert.NotEqual(first.Value, renewed.Value);
        Assert.Equal(2, server.Issued(OAuthTestGrant.ClientCredentials));
        Assert.DoesNotContain(await node.Tokens.ListStatesAsync(CancellationToken.None), s => s.SignInNeeded);
    }

    [Fact]
    public async Task A_wrong_client_secret_needs_a_person_with_AADSTS7000215_and_an_edit_of_the_account_earns_one_more_try()
    {
        await using var server = await OAuthTestServer.StartAsync();
        var client = server.AddClient(secret: "right-" + Guid.NewGuid().ToString("N"));
        var directory = Directory.CreateTempSubdirectory("mailroom-oauth-secret-").FullName;
        await using var node = await OAuthNode.OpenAsync(new DatabaseOptions(directory));
        var good = await node.AddAccountAsync(server, client, User, OAuthFlow.ClientCredentials);
        var account = await node.Accounts.UpdateAsync(good with { OAuth = good.OAuth! with { ClientSecret = new Secret("wrong") } }, "test:admin", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<SignInNeededException>(() => node.Source.GetAsync(account, null, forceRenewal: false, CancellationToken.None));
        Assert.Contains("AADSTS7000215", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SignInNeededException>(() => node.Source.GetAsync(account, null, forceRenewal: false, CancellationToken.None));
        Assert.Equal(1, server.Requests(OAuthTestGrant.ClientCredentials));

        var fixedAccount = await node.Accounts.UpdateAsync(account with { OAuth = account.OAuth! with { ClientSecret = new Secret(client.Secret!) } }, "test:admin", CancellationToken.None);
        await node.Source.GetAsync(fixedAccount, null, forceRenewal: false, CancellationToken.None);

        Assert.Equal(2, server.Requests(OAuthTestGrant.ClientCredentials));
        Assert.False((await node.Tokens.GetStateAsync(account.Id, null, CancellationToken.None))!.SignInNeeded);
    }
}
