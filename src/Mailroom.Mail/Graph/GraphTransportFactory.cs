using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Mail.Graph;

/// <summary>
/// Opens Microsoft 365 (Graph) accounts: the monitored folder as an <see cref="IIncomingMailbox"/>, sending as an
/// <see cref="IOutgoingTransport"/>. <see cref="MailTransportFactory"/> hands every Graph account to this one. The
/// access token comes from the registered <see cref="IAccessTokenSource"/>.
/// </summary>
public sealed class GraphTransportFactory : IMailTransportFactory
{
    private readonly IAccessTokenSource? _tokens;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Func<HttpMessageHandler>? _handlers;

    public GraphTransportFactory(IAccessTokenSource? tokens, ILoggerFactory? loggerFactory = null, GraphOptions? options = null)
        : this(tokens, loggerFactory, options, handlers: null)
    {
    }

    internal GraphTransportFactory(IAccessTokenSource? tokens, ILoggerFactory? loggerFactory, GraphOptions? options, Func<HttpMessageHandler>? handlers)
    {
        _tokens = tokens;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Options = options ?? GraphOptions.Default;
        _handlers = handlers;
    }

    public GraphOptions Options { get; }

    /// <summary>Gets a token, then finds <paramref name="folder"/> (null: the Inbox) by well-known or display name.</summary>
    /// <exception cref="MailConnectionException">No token, Graph unreachable, the mailbox refused, or no such folder.</exception>
    public async Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken)
    {
        var client = CreateClient(account);
        try
        {
            var name = string.IsNullOrWhiteSpace(folder) ? "Inbox" : folder.Trim();
            GraphFolder? found;
            try
            {
                found = await GraphFolders.FindAsync(client, name, create: false, _loggerFactory.CreateLogger<GraphMailbox>(), cancellationToken).ConfigureAwait(false);
            }
            catch (GraphException ex)
            {
                throw MailboxRefused(client, ex, $"open folder {name}");
            }

            if (found?.Id is null)
            {
                throw new MailConnectionException(MailFailureKind.FolderNotFound,
                    $"Mailbox {client.Mailbox} has no folder '{name}' under the mailbox root or the Inbox (display names, or well-known names such as Inbox, Archive, Deleted Items; a path as Parent/Child). Check the folder name.");
            }

            return new GraphMailbox(client, found.Id, name, Options, _loggerFactory.CreateLogger<GraphMailbox>());
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Gets a token (so a refused sign-in shows before any mail is taken) and returns a sendMail transport.</summary>
    /// <exception cref="MailConnectionException">No token could be had.</exception>
    public async Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken)
    {
        var client = CreateClient(account);
        try
        {
            await client.TokenAsync(forceRenewal: false, cancellationToken).ConfigureAwait(false);
            return new GraphTransport(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    internal GraphClient CreateClient(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Type != AccountType.Graph || account.Graph is null)
        {
            throw new ArgumentException($"Account '{account.Name}' is not a Microsoft 365 (Graph) account.", nameof(account));
        }

        var tokens = _tokens ?? throw new MailConnectionException(MailFailureKind.AuthenticationFailed,
            $"Account '{account.Name}' signs in with OAuth 2.0, and this build has no access token source registered.");
        return new GraphClient(account, tokens, Options, _loggerFactory.CreateLogger<GraphClient>(), _handlers?.Invoke());
    }

    /// <summary>Graph refused the mailbox as a whole: the account, not one message, needs fixing.</summary>
    internal static MailConnectionException MailboxRefused(GraphClient client, GraphException ex, string operation)
    {
        var details = GraphErrors.Of(ex);
        if (GraphErrors.IsAccessDenied(ex.Status, details))
        {
            return new MailConnectionException(MailFailureKind.AuthenticationFailed,
                $"Microsoft Graph refused to {operation} in {client.Mailbox} ({ex.Reply}). Grant the application the Mail.ReadWrite and Mail.Send application permissions with admin consent, and check that an application access policy lets it use this mailbox.",
                ex.Reply, ex);
        }

        if (GraphErrors.IsMailboxMissing(ex.Status, details) || ex.Status == 404)
        {
            return new MailConnectionException(MailFailureKind.AuthenticationFailed,
                $"Microsoft Graph has no mailbox {client.Mailbox} ({ex.Reply}). Check the Mailbox field: a user or shared mailbox address of this tenant, with an Exchange Online licence.",
                ex.Reply, ex);
        }

        return new MailConnectionException(ex.IsTransient ? MailFailureKind.ServerError : MailFailureKind.ProtocolError,
            $"Microsoft Graph refused to {operation} in {client.Mailbox}: {ex.Reply}", ex.Reply, ex);
    }
}
