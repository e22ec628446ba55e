using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mailroom.Data;
using Mailroom.Engine.Metrics;
using Mailroom.Engine.OAuth;
using Mailroom.Mail.OAuth;
using Mailroom.Testing.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.OAuth;

/// <summary>The token source counts its renewals and failed renewals into Mailroom's meter, by account and reason.</summary>
public sealed class TokenRenewalMetricsTests
{
    private const string User = "desk@mailroom.test";

    [Fact]
    public async Task A_forced_renewal_counts_as_refused_and_a_revoked_refresh_token_as_a_sign_in_needed_failure()
    {
        await using var server = await OAuthTestServer.StartAsync();
        var client = server.AddClient();
        // Nothing counts as just issued, so a forced renewal right after the sign-in does renew.
        await using var node = await OAuthNode.OpenAsync(new DatabaseOptions(Directory.CreateTempSubdirectory("mailroom-oauth-metrics-").FullName),
            s => s.AddSingleton(new OAuthTokenSourceOptions { FreshEnough = TimeSpan.Zero }));
        var account = await node.AddAccountAsync(server, client, User);
        await node.SignInByDeviceCodeAsync(server, account, User);

        // Only this account's measurements: other tests in the run count into the same static meter.
        var counted = new ConcurrentDictionary<(string Instrument, string? Reason), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MailroomMetrics.MeterName && instrument.Name.StartsWith("mailroom.oauth.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? name = null, reason = null;
            foreach (var tag in tags)
            {
                name = tag.Key == "account" ? tag.Value as string : name;
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            if (name == account.Name)
            {
                counted.AddOrUpdate((instrument.Name, reason), value, (_, sum) => sum + value);
            }
        });
        listener.Start();

        await node.Source.GetAsync(account, null, forceRenewal: true, CancellationToken.None);
        Assert.Equal(1, counted.GetValueOrDefault(("mailroom.oauth.renewals", "refused")));

        Assert.True(server.RevokeRefreshTokens(User) > 0, "the test server had no refresh token to revoke");
        await Assert.ThrowsAsync<SignInNeededException>(() => node.Source.GetAsync(account, null, forceRenewal: true, CancellationToken.None));
        Assert.Equal(1, counted.GetValueOrDefault(("mailroom.oauth.renewal_failures", "sign_in_needed")));
        Assert.Equal(1, counted.GetValueOrDefault(("mailroom.oauth.renewals", "refused")));
    }
}
