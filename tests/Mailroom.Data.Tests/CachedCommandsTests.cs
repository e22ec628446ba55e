using Dapper;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests;

/// <summary>
/// A statement kept with its connection gives the same answers as Dapper's fresh command each time: new values each
/// run, NULLs that still have a type, the current transaction (a rolled-back one's writes gone), and a list it cannot
/// compile once refused by name. Both databases.
/// </summary>
public sealed class CachedCommandsTests
{
    private const string Insert = "INSERT INTO customers (address, address_key, name, created_at) VALUES (@address, @key, @name, @now)";

    private const string ByKey = "SELECT id AS Id, address AS Address, name AS Name FROM customers WHERE address_key = @key";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_kept_statement_runs_again_with_new_values_and_typed_nulls(string kind)
    {
        await using var h = await StoreHarness.CreateAsync(kind);
        await using var connection = await h.Database.OpenAsync(CancellationToken.None);
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var (address, name) in new[] { ("ann@example.test", "Ann"), ("bob@example.test", null), ("cy@example.test", "Cy") })
        {
            var inserted = await connection.ExecuteCachedAsync(new CommandDefinition(Insert,
                new { address, key = address.ToUpperInvariant(), name, now = 1L }, tx));
            Assert.Equal(1, inserted);
        }

        var bob = await connection.QuerySingleOrDefaultCachedAsync<Core.Records.Customer>(new CommandDefinition(ByKey, new { key = "BOB@EXAMPLE.TEST" }, tx));
        Assert.Equal("bob@example.test", bob!.Address);
        Assert.Null(bob.Name);
        var cy = await connection.QuerySingleOrDefaultCachedAsync<Core.Records.Customer>(new CommandDefinition(ByKey, new { key = "CY@EXAMPLE.TEST" }, tx));
        Assert.Equal("Cy", cy!.Name);
        Assert.Null(await connection.QuerySingleOrDefaultCachedAsync<Core.Records.Customer>(new CommandDefinition(ByKey, new { key = "NOBODY@EXAMPLE.TEST" }, tx)));

        // PostgreSQL cannot type a bare NULL in "@name IS NULL": the parameter carries its property's type.
        const string Nameless = "SELECT COUNT(*) FROM customers WHERE (name IS NULL AND @name IS NULL) OR name = @name";
        Assert.Equal(1L, await connection.ExecuteScalarCachedAsync<long>(new CommandDefinition(Nameless, new { name = (string?)null }, tx)));
        Assert.Equal(1L, await connection.ExecuteScalarCachedAsync<long>(new CommandDefinition(Nameless, new { name = (string?)"Ann" }, tx)));
        Assert.Equal(
            ["ann@example.test", "bob@example.test", "cy@example.test"],
            (await connection.QueryCachedAsync<string>(new CommandDefinition("SELECT address FROM customers ORDER BY address", null, tx))).ToArray());
        await tx.CommitAsync();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_kept_statement_follows_the_connections_current_transaction(string kind)
    {
        await using var h = await StoreHarness.CreateAsync(kind);
        await using var connection = await h.Database.OpenAsync(CancellationToken.None);
        await using (var first = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteCachedAsync(new CommandDefinition(Insert, new { address = "gone@example.test", key = "GONE@EXAMPLE.TEST", name = "Gone", now = 1L }, first));
            await first.RollbackAsync();
        }

        await using (var second = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteCachedAsync(new CommandDefinition(Insert, new { address = "kept@example.test", key = "KEPT@EXAMPLE.TEST", name = "Kept", now = 2L }, second));
            await second.CommitAsync();
        }

        var addresses = await connection.QueryAsync<string>("SELECT address FROM customers");
        Assert.Equal(["kept@example.test"], addresses.ToArray());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_list_parameter_and_a_second_row_are_refused_with_what_went_wrong(string kind)
    {
        await using var h = await StoreHarness.CreateAsync(kind);
        await using var connection = await h.Database.OpenAsync(CancellationToken.None);
        var list = await Assert.ThrowsAsync<NotSupportedException>(() => connection.ExecuteScalarCachedAsync<long>(
            new CommandDefinition("SELECT COUNT(*) FROM customers WHERE id IN @ids", new { ids = new[] { 1L, 2L } })));
        Assert.Contains("@ids is a list", list.Message, StringComparison.Ordinal);

        await connection.ExecuteAsync(Insert, new { address = "a@example.test", key = "A@EXAMPLE.TEST", name = "Same", now = 1L });
        await connection.ExecuteAsync(Insert, new { address = "b@example.test", key = "B@EXAMPLE.TEST", name = "Same", now = 1L });
        var two = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.QuerySingleOrDefaultCachedAsync<string>(
            new CommandDefinition("SELECT address FROM customers WHERE name = @name", new { name = "Same" })));
        Assert.Contains("more than one row", two.Message, StringComparison.Ordinal);
    }
}
