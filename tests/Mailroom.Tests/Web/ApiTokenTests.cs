using System.Net;
using System.Net.Http.Headers;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

public sealed class ApiTokenTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    [Fact]
    public async Task Api_without_a_token_answers_401_not_a_redirect()
    {
        using var client = server.NewClient();
        using var response = await client.GetAsync("api/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Signed_in_cookie_does_not_open_the_api()
    {
        using var client = await server.SignedInClientAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        using var response = await client.GetAsync("api/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_works_until_it_is_revoked()
    {
        var (token, value) = await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("test " + Guid.NewGuid(), "test", CancellationToken.None);
        using var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);

        using var listed = await client.GetAsync("api/tokens");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var json = await listed.Content.ReadAsStringAsync();
        Assert.Contains(token.Name, json, StringComparison.Ordinal);
        Assert.DoesNotContain(value, json, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiTokenService.Hash(value), json, StringComparison.Ordinal);

        using var revoked = await client.DeleteAsync($"api/tokens/{token.Id}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var after = await client.GetAsync("api/tokens");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_made_up_token_is_refused()
    {
        using var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiTokenService.Prefix + "not-a-real-token");
        using var response = await client.GetAsync("api/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_served()
    {
        using var client = server.NewClient();
        var json = await client.GetStringAsync("api/openapi/v1.json");

        Assert.Contains("\"/api/tokens\"", json, StringComparison.Ordinal);
    }
}
