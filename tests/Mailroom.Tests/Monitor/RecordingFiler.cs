using System.Data.Common;
using Dapper;
using Mailroom.Engine.Monitor;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// A filer for engine tests: writes one row per filing into a table of its own, in the engine's unit of work, so a
/// test can count how often each message was really filed. Subjects containing "explode" make it throw; "set aside"
/// makes it answer Not handled after writing its row, as an item whose last action fails does.
/// </summary>
internal sealed class RecordingFiler : IMessageFiler
{
    public const string Table = "test_filings";

    public static async Task CreateTableAsync(DbConnection connection) =>
        await connection.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {Table} (received_id BIGINT NOT NULL, subject TEXT NULL)");

    public Task<FilingContext> PrepareAsync(Mailroom.Data.Monitor.MonitorSettings monitor, CancellationToken cancellationToken) => Task.FromResult(FilingContext.Empty);

    public async Task<FilingResult> FileAsync(FilingRequest request, Mailroom.Data.UnitOfWork work, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync($"INSERT INTO {Table} (received_id, subject) VALUES (@Id, @Subject)",
            new { request.Received.Id, request.Message.Subject }, work.Transaction);
        if (request.Message.Subject?.Contains("explode", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException("The record store refused the record.");
        }

        if (request.Message.Subject?.Contains("set aside", StringComparison.Ordinal) == true)
        {
            return FilingResult.NotHandled("Item 'Test', action 2: the second action failed.");
        }

        return request.TooLarge ? FilingResult.NewRecord(request.Received.Id, "Too large to read; stored raw.") : FilingResult.NewRecord(request.Received.Id);
    }
}
