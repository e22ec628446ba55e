using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Tests.Web;

/// <summary>
/// A token's expiry is counted and checked on the installation's clock, so the tokens page and the API agree on
/// when it ends. The clock is a fake one, years away from the wall clock: a page or check that read the wall clock
/// would show a different expiry, or call the token active when the API refuses it.
/// </summary>
public sealed partial class TokenExpiryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2031, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly MailroomServer _server;

    public TokenExpiryTests() => _server = new MailroomServer(withUsers: true, _clock);

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_token_made_for_one_day_shows_its_end_on_the_installation_clock_and_is_expired_and_refused_after_it()
    {
        string value;
        using (var admin = await _server.SignedInClientAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword))
        {
            var antiforgery = await MailroomServer.AntiforgeryTokenAsync(admin, "options/tokens");
            using var created = await admin.PostAsync("options/tokens?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Name"] = "nightly export",
                ["Input.Role"] = "agent",
                ["Input.Expires"] = "1d",
                ["__RequestVerificationToken"] = antiforgery,
            }));
            var html = await created.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            value = SecretOnce().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("The page showed no token value:\n" + html);

            var row = Row(html, "nightly export");
            Assert.Contains(Start.AddDays(1).ToString("u", System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
            Assert.Contains(">active<", row, StringComparison.Ordinal);
        }

        using var api = _server.NewClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/records")).StatusCode);

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/records")).StatusCode);
        using var again = await _server.SignedInClientAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        var after = Row(await again.GetStringAsync("options/tokens"), "nightly export");
        Assert.Contains(">expired<", after, StringComparison.Ordinal);
    }

    /// <summary>The table row of the token named <paramref name="name"/>.</summary>
    private static string Row(string html, string name)
    {
        var row = Regex.Matches(html, "<tr>(.*?)</tr>", RegexOptions.Singleline).Select(m => m.Value).FirstOrDefault(r => r.Contains($"<td>{name}</td>", StringComparison.Ordinal));
        return row ?? throw new InvalidOperationException($"The tokens page has no row for '{name}':\n{html}");
    }

    [GeneratedRegex("<p class=\"secret-once\">([^<]+)</p>")]
    private static partial Regex SecretOnce();
}
