using System.Data.Common;
using Dapper;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;

namespace Mailroom.Data.Records;

/// <summary>Customers, keyed by e-mail address without regard to case.</summary>
public sealed class CustomerStore(MailroomDatabase database, TimeProvider timeProvider)
{
    private readonly TimeProvider _time = timeProvider;

    public async Task<Customer?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<Customer>(new CommandDefinition(
            "SELECT id AS Id, address AS Address, name AS Name FROM customers WHERE id = @id", new { id },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<Customer?> FindByAddressAsync(string address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindByAddressAsync(connection, null, address, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The customer with this address, created (with <paramref name="name"/>) when not yet known.</summary>
    /// <exception cref="ValidationException">The address is not an e-mail address (field <c>requester</c>).</exception>
    public async Task<Customer> GetOrCreateAsync(string address, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var customer = await GetOrCreateAsync(connection, tx, address, name, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return customer;
    }

    /// <summary>As <see cref="GetOrCreateAsync(string, string?, CancellationToken)"/>, inside the caller's transaction.</summary>
    public async Task<Customer> GetOrCreateAsync(DbConnection connection, DbTransaction transaction, string address, string? name, CancellationToken cancellationToken)
    {
        var trimmed = address.Trim();
        if (!EmailAddressSyntax.IsValid(trimmed))
        {
            throw new ValidationException("requester", $"'{address}' is not an e-mail address (want name@domain).");
        }

        var existing = await FindByAddressAsync(connection, transaction, trimmed, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        // Two transactions creating the same customer at once: the unique key makes the second insert do nothing,
        // and it then reads the first one's row.
        var cleanName = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        await connection.ExecuteCachedAsync(new CommandDefinition(
            "INSERT INTO customers (address, address_key, name, created_at) VALUES (@address, @key, @name, @now) ON CONFLICT (address_key) DO NOTHING",
            new { address = trimmed, key = trimmed.ToUpperInvariant(), name = cleanName, now = _time.GetUtcNow().ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return await FindByAddressAsync(connection, transaction, trimmed, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The customer {trimmed} was neither found nor created.");
    }

    private static Task<Customer?> FindByAddressAsync(DbConnection connection, DbTransaction? transaction, string address, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultCachedAsync<Customer>(new CommandDefinition(
            "SELECT id AS Id, address AS Address, name AS Name FROM customers WHERE address_key = @key",
            new { key = address.Trim().ToUpperInvariant() }, transaction, cancellationToken: cancellationToken));
}
