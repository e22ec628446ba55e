using System.Data.Common;
using Dapper;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Audit;

namespace Mailroom.Data.Accounts;

/// <summary>Users' personal versions of global accounts (their pages come later; delete already treats them).</summary>
public sealed partial class AccountStore
{
    /// <summary>Stores (or replaces) <paramref name="version"/>.UserAddress's personal version of its account.</summary>
    /// <exception cref="NotFoundException">The global account does not exist.</exception>
    /// <exception cref="ValidationException">
    /// The user address is not an e-mail address, or the version overrides what its account does not let it (a password
    /// on an OAuth 2.0 account; anything on a Graph account).
    /// </exception>
    public Task<PersonalAccountVersion> SavePersonalVersionAsync(PersonalAccountVersion version, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!AddressSpec.IsValid(version.UserAddress))
        {
            throw new ValidationException("user-address", $"'{version.UserAddress}' is not a valid e-mail address");
        }

        return WriteAsync(async work =>
        {
            var account = await ReadOneAsync(work.Connection, work.Transaction, "id = @Id AND owner_key = ''", new { Id = version.AccountId }, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException(Kind, version.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ThrowIfNotForAccount(version, account);
            var row = ToRow(version);
            await work.Connection.ExecuteAsync(work.Command(
                "DELETE FROM personal_account_versions WHERE account_id = @account_id AND user_key = @user_key", row, cancellationToken)).ConfigureAwait(false);
            var id = await work.Connection.ExecuteScalarAsync<long>(work.Command(
                $"INSERT INTO personal_account_versions ({PersonalVersionRow.Columns}) VALUES ({PersonalVersionRow.Parameters}) RETURNING id",
                row, cancellationToken)).ConfigureAwait(false);
            await audit.WriteAsync(work, actor, account.Id, account.Name, AuditLog.Actions.PersonalVersionSaved,
                [$"user:{version.UserAddress}"], cancellationToken).ConfigureAwait(false);
            return version with { Id = id };
        }, cancellationToken);
    }

    /// <summary>Every personal version of the account with id <paramref name="accountId"/>, by user address.</summary>
    public async Task<IReadOnlyList<PersonalAccountVersion>> ListPersonalVersionsAsync(long accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadPersonalVersionsAsync(connection, null, accountId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PersonalAccountVersion>> ReadPersonalVersionsAsync(DbConnection connection, DbTransaction? tx, long accountId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PersonalVersionRow>(new CommandDefinition(
            $"SELECT id, {PersonalVersionRow.Columns} FROM personal_account_versions WHERE account_id = @accountId ORDER BY user_key",
            new { accountId }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToVersion).ToList();
    }

    /// <summary>
    /// What a personal version may hold depends on how its account signs in: with OAuth 2.0 a user's own credentials
    /// are only the user name they sign in as (their tokens are kept by the token store, never here); a Graph account
    /// has no user name or servers at all, each user's sign-in being theirs alone.
    /// </summary>
    private static void ThrowIfNotForAccount(PersonalAccountVersion version, Account account)
    {
        var problems = new List<ValidationProblem>();
        if (account.Type == AccountType.Graph)
        {
            if (version.Credentials is not null)
            {
                problems.Add(new(AccountFields.User, "a Microsoft 365 (Graph) account has no user name or password to override; each user signs in with Microsoft"));
            }

            if (version.OverridesServerSettings)
            {
                problems.Add(new(AccountFields.ServerSettingsLock, "a Microsoft 365 (Graph) account has no servers to override"));
            }
        }
        else if (account.OAuth is not null && (version.Credentials?.Password is not null || version.Outgoing?.Credentials?.Password is not null))
        {
            problems.Add(new(AccountFields.Password, "is not used by an account that signs in with OAuth 2.0: give only the user name; the sign-in itself gives the token"));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }
    }

    private PersonalVersionRow ToRow(PersonalAccountVersion version)
    {
        var now = Now();
        var smtpOwn = version.Outgoing?.Credentials;
        return new PersonalVersionRow
        {
            account_id = version.AccountId,
            user_address = version.UserAddress,
            user_key = version.UserAddress.Trim().ToUpperInvariant(),
            override_credentials = version.Credentials is not null,
            user_name = version.Credentials?.User,
            password_sealed = protector.SealOrNull(version.Credentials?.Password),
            exchange_domain = version.Exchange?.Domain,
            exchange_server = version.Exchange?.Server,
            exchange_use_ssl = version.Exchange?.UseSsl,
            incoming_host = version.Incoming?.Host,
            incoming_port = version.Incoming?.Port,
            incoming_security = version.Incoming is null ? null : AccountMapper.Text(version.Incoming.Security),
            smtp_host = version.Outgoing?.Host,
            smtp_port = version.Outgoing?.Port,
            smtp_security = version.Outgoing is null ? null : AccountMapper.Text(version.Outgoing.Security),
            smtp_use_incoming_credentials = version.Outgoing?.UseIncomingCredentials,
            smtp_has_own_credentials = version.Outgoing is null ? null : smtpOwn is not null,
            smtp_user = smtpOwn?.User,
            smtp_password_sealed = protector.SealOrNull(smtpOwn?.Password),
            version = 1,
            created_at = now,
            updated_at = now,
        };
    }

    private PersonalAccountVersion ToVersion(PersonalVersionRow row) => new(
        row.account_id,
        row.user_address,
        row.override_credentials ? new Credentials(row.user_name, protector.UnsealOrNull(row.password_sealed)) : null,
        row.exchange_server is null ? null : new ExchangeServer(row.exchange_domain ?? "", row.exchange_server, row.exchange_use_ssl ?? true),
        row.incoming_host is null ? null : new IncomingServer(row.incoming_host, row.incoming_port, AccountMapper.Parse<SecurityMode>(row.incoming_security ?? "auto")),
        row.smtp_host is null
            ? null
            : new OutgoingServer(
                row.smtp_host,
                row.smtp_port,
                AccountMapper.Parse<SecurityMode>(row.smtp_security ?? "auto"),
                row.smtp_use_incoming_credentials ?? true,
                row.smtp_has_own_credentials == true ? new Credentials(row.smtp_user, protector.UnsealOrNull(row.smtp_password_sealed)) : null))
    {
        Id = row.id,
    };
}
