using System.Net;
using Mailroom.Data;
using Mailroom.Testing;
using Mailroom.Web;
using Npgsql;

namespace Mailroom.Tests.Web;

/// <summary><c>/healthz</c> and <c>/readyz</c> as a load balancer sees them: no sign-in, one word, and 503 when the database is gone.</summary>
public sealed class HealthEndpointsTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    [Theory]
    [InlineData("healthz", "ok")]
    [InlineData("readyz", "ready")]
    public async Task Answers_200_without_signing_in_and_says_one_word(string path, string word)
    {
        using var client = server.NewClient();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(word, body.Trim());
        Assert.DoesNotContain(server.DataDirectory, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_answers_503_when_the_database_is_gone_while_healthz_stays_200()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("readyz");
        var directory = Path.Combine(Path.GetTempPath(), "mailroom-readyz-" + Guid.NewGuid().ToString("N")[..8]);
        await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(directory, connectionString), CancellationToken.None);
        await using var app = MailroomWebHost.Build(new ServeSettings(database.Options, "http://127.0.0.1:0", "readyz-node"), database);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/") };

        await WaitFor.ConditionAsync(async () => (await client.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "/readyz answering 200 on a reachable database");

        // The database disappears under the running node (its connections are cut).
        await using (var admin = new NpgsqlConnection(await TestPostgres.EnsureStartedAsync()))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        using var ready = await client.GetAsync("readyz");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("not ready", body.Trim());
        Assert.DoesNotContain("Host=", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
        await app.StopAsync();
    }
}
