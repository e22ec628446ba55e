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
    public Task<Customer> GetOrCreateAsync(string address, string? name, CancellationToken cancellationToken) =>
        database.InTransactionAsync(work => GetOrCreateAsync(work, address, name, cancellationToken), cancellationToken);

    /// <summary>As <see cref="GetOrCreateAsync(string, string?, CancellationToken)"/>, inside the caller's unit of work.</summary>
    public async Task<Customer> GetOrCreateAsync(UnitOfWork work, string address, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var trimmed = address.Trim();
        if (!EmailAddressSyntax.IsValid(trimmed))
        {
            throw new ValidationException("requester", $"'{address}' is not an e-mail address (want name@domain).");
        }

        var existing = await FindByAddressAsync(work.Connection, work.Transaction, trimmed, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        // Two transactions creating the same customer at once: the unique key makes the second insert do nothing,
        // and it then reads the first one's row.
        var cleanName = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        await work.Connection.ExecuteCachedAsync(work.Command(
            "INSERT INTO customers (address, address_key, name, created_at) VALUES (@address, @key, @name, @now) ON CONFLICT (address_key) DO NOTHING",
            new { address = trimmed, key = trimmed.ToUpperInvariant(), name = cleanName, now = _time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken)).ConfigureAwait(false);
        return await FindByAddressAsync(work.Connection, work.Transaction, trimmed, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The customer {trimmed} was neither found nor created.");
    }

    // Shared by the read on a connection of its own (no transaction) and the read inside a unit of work.
    private static Task<Customer?> FindByAddressAsync(DbConnection connection, DbTransaction? transaction, string address, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultCachedAsync<Customer>(new CommandDefinition(
            "SELECT id AS Id, address AS Address, name AS Name FROM customers WHERE address_key = @key",
            new { key = address.Trim().ToUpperInvariant() }, transaction, cancellationToken: cancellationToken));
}
