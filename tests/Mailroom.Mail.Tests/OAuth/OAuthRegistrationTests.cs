using Mailroom.Mail.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>The token client comes with the mail transports, as a typed HttpClient on the registered clock.</summary>
public sealed class OAuthRegistrationTests
{
    [Fact]
    public void AddMailTransports_RegistersTheTokenClient()
    {
        using var services = new ServiceCollection().AddLogging().AddMailTransports().BuildServiceProvider();

        Assert.NotNull(services.GetRequiredService<OAuthTokenClient>());
    }

    [Fact]
    public async Task RegisteredTimeProvider_IsTheTokenClientsClock()
    {
        var clock = new PollClock();
        using var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock).AddMailTransports().BuildServiceProvider();
        await using var server = await Testing.OAuth.OAuthTestServer.StartAsync();
        var settings = TokenClients.Microsoft(server, server.AddClient(), Core.Accounts.OAuthFlow.DeviceCode);
        var tokens = services.GetRequiredService<OAuthTokenClient>();
        var signIn = await tokens.StartDeviceCodeAsync(settings, TokenClients.ImapUserScopes, CancellationToken.None);
        server.DeclineDeviceCode(signIn.UserCode);

        await Assert.ThrowsAsync<SignInNeededException>(() => tokens.PollDeviceCodeAsync(settings, signIn, CancellationToken.None));

        Assert.Equal([TimeSpan.FromSeconds(1)], clock.Waits);
    }
}
