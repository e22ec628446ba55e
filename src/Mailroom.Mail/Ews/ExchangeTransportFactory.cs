using Mailroom.Core.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Mail.Ews;

/// <summary>
/// Opens Exchange accounts: the incoming folder as an <see cref="IIncomingMailbox"/>, sending as an
/// <see cref="IOutgoingTransport"/>. The general transport factory hands Exchange accounts to this one.
/// </summary>
public sealed class ExchangeTransportFactory(ILoggerFactory? loggerFactory = null, ExchangeOptions? options = null) : IExchangeTransportFactory
{
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;

    public ExchangeOptions Options { get; } = options ?? ExchangeOptions.Default;

    /// <summary>Connects and signs in (GetFolder), then opens <paramref name="folder"/>: null or "Inbox" for the inbox,
    /// else a folder of that name under the mailbox root or the inbox.</summary>
    /// <exception cref="MailConnectionException">The server cannot be reached, refuses the sign-in, or has no such folder.</exception>
    public async Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken)
    {
        var client = CreateClient(account);
        try
        {
            var (target, name) = await ResolveFolderAsync(client, folder, cancellationToken).ConfigureAwait(false);
            return new ExchangeMailbox(client, target, name, Options, _loggerFactory.CreateLogger<ExchangeMailbox>());
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects and signs in (GetFolder on the inbox) and returns a transport that sends with CreateItem.</summary>
    /// <exception cref="MailConnectionException">The server cannot be reached or refuses the sign-in.</exception>
    public async Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken)
    {
        var client = CreateClient(account);
        try
        {
            await client.GetFolderAsync(EwsFolder.Inbox, cancellationToken).ConfigureAwait(false);
            return new ExchangeTransport(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    internal EwsClient CreateClient(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Type != AccountType.Exchange || account.Exchange is null)
        {
            throw new ArgumentException($"Account '{account.Name}' is not an Exchange account.", nameof(account));
        }

        return new EwsClient(account, Options, _loggerFactory.CreateLogger<EwsClient>());
    }

    private static async Task<(EwsFolder Folder, string Name)> ResolveFolderAsync(EwsClient client, string? folder, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(folder) || string.Equals(folder.Trim(), "Inbox", StringComparison.OrdinalIgnoreCase))
        {
            await client.GetFolderAsync(EwsFolder.Inbox, cancellationToken).ConfigureAwait(false);
            return (EwsFolder.Inbox, "Inbox");
        }

        var name = folder.Trim();
        var found = await client.FindFolderAsync(EwsFolder.Root, name, cancellationToken).ConfigureAwait(false)
            ?? await client.FindFolderAsync(EwsFolder.Inbox, name, cancellationToken).ConfigureAwait(false)
            ?? throw new MailConnectionException(MailFailureKind.FolderNotFound,
                $"Exchange at {client.Endpoint} has no folder '{name}' under the mailbox root or the Inbox. Check the folder name.");
        return (EwsFolder.FromId(found.FolderId), name);
    }
}
