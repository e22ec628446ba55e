using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Dapper;

namespace Mailroom.Data;

/// <summary>
/// Runs a statement on a command kept with its open connection, so the statements the monitor runs for every message
/// are compiled once per connection instead of once per message. Microsoft.Data.Sqlite keeps a compiled statement
/// only as long as the command object that compiled it (dotnet/efcore#14044), and Dapper makes a new command for
/// every call: measured on the monitor's filing, SQL compilation and command set-up were most of the cost of its ~19
/// statements a message. The calls take Dapper's <see cref="CommandDefinition"/> and map rows with Dapper, so a
/// store swaps <c>connection.ExecuteAsync(definition)</c> for <c>connection.ExecuteCachedAsync(definition)</c>.
/// </summary>
/// <remarks>
/// Parameters come from the properties of one plain object (an anonymous type or an entity), those the SQL names
/// (<c>@Name</c>), as Dapper does; a list parameter (Dapper's <c>IN @list</c> expansion) is refused: its SQL text
/// changes with the list, so it cannot be compiled once. A command belongs to one connection and one caller at a time,
/// like the connection itself; it dies with the connection (Microsoft.Data.Sqlite finalizes a connection's
/// statements when it closes).
/// </remarks>
public static partial class CachedCommands
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<(string Sql, Type? Parameters), DbCommand>> ByConnection = new();

    private static readonly ConcurrentDictionary<(string Sql, Type Parameters), ParameterSlot[]> Plans = new();

    public static async Task<int> ExecuteCachedAsync(this DbConnection connection, CommandDefinition definition)
    {
        var command = Prepare(connection, definition);
        return await command.ExecuteNonQueryAsync(definition.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first column of the first row converted to <typeparamref name="T"/>; default when there is no row or it is NULL.</summary>
    public static async Task<T?> ExecuteScalarCachedAsync<T>(this DbConnection connection, CommandDefinition definition)
    {
        var command = Prepare(connection, definition);
        return Convert<T>(await command.ExecuteScalarAsync(definition.CancellationToken).ConfigureAwait(false));
    }

    /// <summary>The one row mapped to <typeparamref name="T"/>, or default; more than one row throws, as Dapper's <c>QuerySingleOrDefault</c>.</summary>
    public static async Task<T?> QuerySingleOrDefaultCachedAsync<T>(this DbConnection connection, CommandDefinition definition)
    {
        var command = Prepare(connection, definition);
        await using var reader = await command.ExecuteReaderAsync(definition.CancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(definition.CancellationToken).ConfigureAwait(false))
        {
            return default;
        }

        var row = RowParser<T>(reader)(reader);
        if (await reader.ReadAsync(definition.CancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The query returned more than one row where one was expected: " + definition.CommandText);
        }

        return row;
    }

    /// <summary>Every row mapped to <typeparamref name="T"/>.</summary>
    public static async Task<List<T>> QueryCachedAsync<T>(this DbConnection connection, CommandDefinition definition)
    {
        var command = Prepare(connection, definition);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(definition.CancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(definition.CancellationToken).ConfigureAwait(false))
        {
            return rows;
        }

        var parse = RowParser<T>(reader);
        do
        {
            rows.Add(parse(reader));
        }
        while (await reader.ReadAsync(definition.CancellationToken).ConfigureAwait(false));
        return rows;
    }

    private static DbCommand Prepare(DbConnection connection, CommandDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sql = definition.CommandText ?? throw new ArgumentException("The statement has no SQL text.", nameof(definition));
        var parameters = definition.Parameters;
        var commands = ByConnection.GetOrCreateValue(connection);
        var slots = parameters is null ? [] : Plans.GetOrAdd((sql, parameters.GetType()), key => Plan(key.Sql, key.Parameters));
        if (!commands.TryGetValue((sql, parameters?.GetType()), out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var slot in slots)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = slot.Name;
                if (slot.DbType is { } type)
                {
                    parameter.DbType = type;
                }

                command.Parameters.Add(parameter);
            }

            commands[(sql, parameters?.GetType())] = command;
        }

        // The connection's current transaction: a command kept from an earlier transaction on it would be refused.
        command.Transaction = definition.Transaction as DbTransaction;
        for (var i = 0; i < slots.Length; i++)
        {
            command.Parameters[i].Value = slots[i].ValueOf(parameters!);
        }

        return command;
    }

    /// <summary>The properties of <paramref name="type"/> that <paramref name="sql"/> names as <c>@Name</c>, in declaration order.</summary>
    private static ParameterSlot[] Plan(string sql, Type type)
    {
        // Named as the SQL spells them: Dapper matches a property to a placeholder ignoring case, a provider may not.
        var named = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in ParameterNames().Matches(sql))
        {
            named.TryAdd(match.Groups[1].Value, match.Groups[1].Value);
        }

        var slots = new List<ParameterSlot>();
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetIndexParameters().Length > 0 || !named.TryGetValue(property.Name, out var spelled))
            {
                continue;
            }

            var declared = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (declared != typeof(string) && declared != typeof(byte[]) && typeof(System.Collections.IEnumerable).IsAssignableFrom(declared))
            {
                throw new NotSupportedException($"The parameter @{property.Name} is a list; a cached statement takes single values only (use Dapper's list expansion instead): {sql}");
            }

            slots.Add(new ParameterSlot(spelled, property, declared.IsEnum ? Enum.GetUnderlyingType(declared) : declared));
        }

        return [.. slots];
    }

    /// <summary>Dapper's row mapping for a type with columns as members; a single value (a string, a number) read from the first column.</summary>
    private static Func<DbDataReader, T> RowParser<T>(DbDataReader reader)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(byte[])
            ? r => Convert<T>(r.GetValue(0))!
            : reader.GetRowParser<T>();
    }

    private static T? Convert<T>(object? value)
    {
        if (value is null or DBNull)
        {
            return default;
        }

        if (value is T same)
        {
            return same;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)(target.IsEnum ? Enum.ToObject(target, value) : System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterNames();

    /// <summary>One parameter: its name, where its value comes from, and the type a NULL of it is sent as.</summary>
    private sealed record ParameterSlot(string Name, PropertyInfo Property, Type Declared)
    {
        /// <summary>
        /// Set on the parameter once, so that a NULL still has a type: PostgreSQL cannot type an untyped NULL in
        /// <c>@x IS NULL</c>. Dapper does the same from the property's type.
        /// </summary>
        public DbType? DbType { get; } = Declared switch
        {
            _ when Declared == typeof(string) => System.Data.DbType.String,
            _ when Declared == typeof(long) => System.Data.DbType.Int64,
            _ when Declared == typeof(int) => System.Data.DbType.Int32,
            _ when Declared == typeof(short) => System.Data.DbType.Int16,
            _ when Declared == typeof(bool) => System.Data.DbType.Boolean,
            _ when Declared == typeof(double) => System.Data.DbType.Double,
            _ when Declared == typeof(byte[]) => System.Data.DbType.Binary,
            _ => null,
        };

        public object ValueOf(object parameters)
        {
            var value = Property.GetValue(parameters);
            return value switch
            {
                null => DBNull.Value,
                Enum e => System.Convert.ChangeType(e, Declared, CultureInfo.InvariantCulture),
                _ => value,
            };
        }
    }
}
