using System.Data;
using System.Data.Common;
using Dapper;
using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>
/// Raw messages and attachments streamed in and out of the database: a message or file of tens of megabytes costs
/// a buffer, never its size. PostgreSQL: a <see cref="Stream"/> parameter Npgsql sends in chunks, and sequential
/// access to read. SQLite: a zero-filled blob of the right length, then incremental blob I/O on the row.
/// </summary>
public sealed partial class JournalStore
{
    private const int BufferSize = 81920;

    /// <summary>
    /// Opens the raw message of a Mail History entry, exactly as received or sent, for reading from the database as
    /// it is passed on; null when there is none. <see cref="Stream.Length"/> is known; the stream is forward-only.
    /// Received mail is read from the ledger's copy the entry points at, everything else from <c>mail_raw</c>.
    /// </summary>
    /// <remarks>The connection stays open until the stream is disposed: dispose it as soon as the bytes are read.</remarks>
    public async Task<Stream?> OpenRawAsync(long entryId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        DbCommand? select = null;
        DbDataReader? reader = null;
        try
        {
            var received = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT received_message_id FROM mail_history WHERE entry_id = @entryId", new { entryId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            select = connection.CreateCommand();

            // SQLite streams the blob (rather than copying it) only when the row's rowid (the integer primary key,
            // message_row_id or entry_id) is selected too.
            select.CommandText = received is null
                ? "SELECT length(content), content, entry_id FROM mail_raw WHERE entry_id = @id"
                : "SELECT length(raw), raw, message_row_id FROM monitor_message_raw WHERE message_row_id = @id";
            AddParameter(select, "id", received ?? entryId);
            reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                await select.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            var length = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            return new DatabaseReadStream(reader.GetStream(1), length, reader, select, connection);
        }
        catch
        {
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            if (select is not null)
            {
                await select.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The raw message of a Mail History entry read whole into memory; null when there is none. For small mail and
    /// tests: whatever serves or re-reads mail uses <see cref="OpenRawAsync"/>.
    /// </summary>
    public async Task<byte[]?> GetRawAsync(long entryId, CancellationToken cancellationToken)
    {
        await using var raw = await OpenRawAsync(entryId, cancellationToken).ConfigureAwait(false);
        if (raw is null)
        {
            return null;
        }

        using var copy = new MemoryStream(checked((int)raw.Length));
        await raw.CopyToAsync(copy, BufferSize, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    /// <summary>Writes a raw message into <c>mail_raw</c> from the stream's current position to its end.</summary>
    private Task InsertRawAsync(UnitOfWork work, long id, Stream raw, CancellationToken cancellationToken) =>
        InsertStreamedAsync(work, "mail_raw", "INSERT INTO mail_raw (entry_id, content) VALUES (@id, @blob)", [("id", id)],
            raw, raw.Length - raw.Position, cancellationToken);

    /// <summary>
    /// Writes one attachment row: its bytes from memory, or streamed from the file <see cref="NewAttachment.Spooled"/>
    /// names (which must still hold exactly the length it was given).
    /// </summary>
    private async Task InsertAttachmentAsync(UnitOfWork work, long entryId, int position, NewAttachment a, CancellationToken cancellationToken)
    {
        const string Insert = """
            INSERT INTO mail_attachments (entry_id, position, file_name, content_type, size, content_id, is_inline, content)
            VALUES (@entryId, @position, @fileName, @contentType, @size, @contentId, @isInline, @blob)
            """;
        (string, object?)[] values =
        [
            ("entryId", entryId), ("position", position), ("fileName", a.FileName), ("contentType", a.ContentType), ("size", a.Size),
            ("contentId", MessageIds.Bare(a.ContentId)), ("isInline", a.IsInline),
        ];
        if (a.Spooled is not { } spooled)
        {
            await using var insert = work.Connection.CreateCommand();
            insert.Transaction = work.Transaction;
            insert.CommandText = Insert;
            foreach (var (name, value) in values)
            {
                AddParameter(insert, name, value);
            }

            AddParameter(insert, "blob", a.Content.ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var file = new FileStream(spooled.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, useAsync: true);
        if (file.Length != spooled.Length)
        {
            throw new InvalidOperationException($"The spooled attachment '{a.FileName}' holds {file.Length} bytes, not the {spooled.Length} it was written with.");
        }

        await InsertStreamedAsync(work, "mail_attachments", Insert, values, file, spooled.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs an INSERT into <paramref name="table"/> whose <c>@blob</c> column is read from <paramref name="content"/> (<paramref name="length"/>
    /// bytes from its current position), inside the caller's unit of work.
    /// </summary>
    private async Task InsertStreamedAsync(UnitOfWork work, string table, string insertSql,
        IEnumerable<(string Name, object? Value)> values, Stream content, long length, CancellationToken cancellationToken)
    {
        await using var insert = work.Connection.CreateCommand();
        insert.Transaction = work.Transaction;
        foreach (var (name, value) in values)
        {
            AddParameter(insert, name, value);
        }

        if (database.Dialect == SqlDialect.Postgres)
        {
            insert.CommandText = insertSql;
            AddParameter(insert, "blob", content);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        insert.CommandText = insertSql.Replace("@blob", "zeroblob(@blobLength)", StringComparison.Ordinal) + " RETURNING rowid";
        AddParameter(insert, "blobLength", length);
        var rowId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        await using var blob = new Microsoft.Data.Sqlite.SqliteBlob((Microsoft.Data.Sqlite.SqliteConnection)work.Connection, table, "content", rowId, readOnly: false);
        await content.CopyToAsync(blob, BufferSize, cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
