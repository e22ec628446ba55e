using System.Net;
using Mailroom.Data.Users;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

public sealed class SignInTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    [Fact]
    public async Task Anonymous_start_page_redirects_to_sign_in_with_security_headers()
    {
        using var client = server.NewClient();
        using var response = await client.GetAsync("");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_post_without_antiforgery_token_is_refused()
    {
        using var client = server.NewClient();
        await client.GetStringAsync("login");
        using var response = await client.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Address"] = MailroomServer.AdminAddress,
            ["Input.Password"] = MailroomServer.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var after = await client.GetAsync("options/tokens");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Administrator_signs_in_and_sees_the_administration_links()
    {
        using var client = await server.SignedInClientAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        var home = await client.GetStringAsync("");

        Assert.Contains("Ada Admin", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/options/accounts\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_is_refused_administrator_pages()
    {
        using var client = await server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        using var response = await client.GetAsync("options/tokens");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/options/accounts\"", await client.GetStringAsync(""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_user_out_even_with_the_right_one()
    {
        var directory = server.Services.GetRequiredService<UserDirectory>();
        var address = $"lock-{Guid.NewGuid():N}@web.test";
        await directory.AddAsync(address, null, UserRole.Agent, "Right-pass-123", CancellationToken.None);

        for (var i = 0; i < UserDirectory.MaxFailedSignIns - 1; i++)
        {
            Assert.Equal(SignInOutcome.Failed, (await directory.CheckPasswordAsync(address, "wrong-pass-" + i, CancellationToken.None)).Outcome);
        }

        Assert.Equal(SignInOutcome.LockedOut, (await directory.CheckPasswordAsync(address, "wrong-again", CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await directory.CheckPasswordAsync(address, "Right-pass-123", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Passwords_are_stored_only_as_hashes()
    {
        var user = await server.Services.GetRequiredService<UserStore>().FindByAddressAsync(MailroomServer.AdminAddress, CancellationToken.None);

        Assert.NotNull(user);
        Assert.DoesNotContain(MailroomServer.AdminPassword, user.PasswordHash, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, "mailroom.db"));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(MailroomServer.AdminPassword)));
    }

    [Fact]
    public async Task A_duplicate_address_is_refused_naming_the_field()
    {
        var directory = server.Services.GetRequiredService<UserDirectory>();
        var e = await Assert.ThrowsAsync<Mailroom.Core.Validation.ValidationException>(() =>
            directory.AddAsync(MailroomServer.AdminAddress.ToUpperInvariant(), null, UserRole.Agent, "Another-pass-1", CancellationToken.None));

        Assert.Equal("address", Assert.Single(e.Problems).Field);
    }
}
