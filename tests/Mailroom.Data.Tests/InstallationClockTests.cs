using Dapper;
using Mailroom.Core.Accounts;
using Mailroom.Data.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Data.Tests;

/// <summary>
/// The clock given on the database options is the installation's one clock: the migrations are stamped with it and
/// the stores the data services register read it, so what the audit log says happened when follows it, on both
/// databases. The clock is years from the wall clock, so a store reading the wall clock would show.
/// </summary>
public sealed class InstallationClockTests
{
    private static readonly DateTimeOffset Start = new(2031, 3, 14, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_database_options_clock_stamps_the_migrations_and_the_audit_log_shows_its_time(string kind)
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await StoreHarness.CreateAsync(kind, clock);

        await using (var connection = await h.Database.OpenAsync(CancellationToken.None))
        {
            var stamps = (await connection.QueryAsync<long>("SELECT applied_at FROM schema_migrations")).Distinct().ToList();
            Assert.Equal([Start.ToUnixTimeMilliseconds()], stamps);
        }

        clock.Advance(TimeSpan.FromHours(2));
        var account = await h.Accounts.AddAsync(new Account
        {
            Name = "Support",
            Type = AccountType.Imap,
            Incoming = new IncomingServer("imap.example.test", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("smtp.example.test", 587, SecurityMode.StartTls),
            Credentials = new Credentials("support", new Secret("imap-pw")),
        }, "test", CancellationToken.None);

        var entry = Assert.Single(await h.Audit.ListAsync(account.Id, 10, CancellationToken.None));
        Assert.Equal(Start.AddHours(2), entry.At);
    }
}
