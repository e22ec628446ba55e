using System.Data;
using System.Data.Common;
using Dapper;

namespace Mailroom.Data.Records;

/// <summary>Attachments read as streams, for downloads: a 25 MB file is passed on, never loaded whole.</summary>
public sealed partial class JournalStore
{
    /// <summary>Opens an attachment's bytes for reading; null when there is no such attachment.</summary>
    /// <remarks>The connection stays open until the result is disposed: dispose it as soon as the bytes are sent.</remarks>
    public async Task<StoredAttachment?> OpenAttachmentAsync(long attachmentId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<(long Id, long EntryId, long? RecordId)>(new CommandDefinition(
                "SELECT a.id, a.entry_id, j.record_id FROM mail_attachments a JOIN journal_entries j ON j.id = a.entry_id WHERE a.id = @attachmentId",
                new { attachmentId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (row.Id == 0)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            var details = await connection.QuerySingleAsync<AttachmentRow>(new CommandDefinition(
                AttachmentRow.Select + " WHERE id = @attachmentId", new { attachmentId }, cancellationToken: cancellationToken)).ConfigureAwait(false);

            var select = connection.CreateCommand();
            select.CommandText = "SELECT content, id FROM mail_attachments WHERE id = @id";
            var parameter = select.CreateParameter();
            parameter.ParameterName = "id";
            parameter.Value = attachmentId;
            select.Parameters.Add(parameter);
            var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                await select.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            var content = reader.IsDBNull(0) ? Stream.Null : reader.GetStream(0);
            return new StoredAttachment(details.ToAttachment(), row.EntryId, row.RecordId, content, new Owner(reader, select, connection));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Owner(DbDataReader reader, DbCommand command, DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            await command.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
