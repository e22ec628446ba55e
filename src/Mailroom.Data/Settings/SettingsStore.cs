using Dapper;
using Mailroom.Core.Conversations;
using Mailroom.Core.Settings;
using Mailroom.Core.Validation;
using Mailroom.Data.Audit;

namespace Mailroom.Data.Settings;

/// <summary>The installation settings, shared by every node through the database.</summary>
public sealed class SettingsStore(MailroomDatabase database, AuditLog audit, TimeProvider time)
{
    private const string ConversationPrefixKey = "conversation_prefix";

    /// <summary>
    /// Gives the installation a random Conversation ID prefix if it has none yet (first start). Safe when several nodes
    /// start at once: the first to insert wins and every node then reads the same prefix.
    /// </summary>
    public async Task<InstallationSettings> EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var existing = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return new InstallationSettings(existing);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO settings (key, value, updated_at) VALUES (@Key, @Value, @At) ON CONFLICT (key) DO NOTHING",
                new { Key = ConversationPrefixKey, Value = ConversationId.NewRandomPrefix(), At = Now() },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return await GetAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current settings.</summary>
    /// <exception cref="InvalidOperationException">The settings were never initialised (<see cref="EnsureInitializedAsync"/>).</exception>
    public async Task<InstallationSettings> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var prefix = await ReadAsync(connection, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The installation settings were never initialised; call EnsureInitializedAsync at start.");
        return new InstallationSettings(prefix);
    }

    /// <summary>Validates and stores <paramref name="settings"/>, with an audit entry.</summary>
    /// <exception cref="ValidationException">A setting is invalid; nothing is written.</exception>
    public async Task SaveAsync(InstallationSettings settings, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = InstallationSettingsValidator.Validate(settings);
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        await database.InTransactionAsync(async work =>
        {
            var before = await work.Connection.QuerySingleOrDefaultAsync<string>(work.Command(
                "SELECT value FROM settings WHERE key = @Key", new { Key = ConversationPrefixKey }, cancellationToken)).ConfigureAwait(false);
            await work.Connection.ExecuteAsync(work.Command(
                "INSERT INTO settings (key, value, updated_at) VALUES (@Key, @Value, @At) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                new { Key = ConversationPrefixKey, Value = settings.ConversationPrefix, At = Now() }, cancellationToken)).ConfigureAwait(false);
            var changed = before == settings.ConversationPrefix ? Array.Empty<string>() : [InstallationSettingsValidator.ConversationPrefixField];
            await audit.WriteAsync(work, actor, null, null, AuditLog.Actions.SettingsChanged, changed, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static Task<string?> ReadAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE key = @Key", new { Key = ConversationPrefixKey }, cancellationToken: cancellationToken));

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
