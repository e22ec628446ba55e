using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.Graph;
using Mailroom.Mail.Imap;
using Mailroom.Mail.Pop3;
using Mailroom.Mail.Smtp;

namespace Mailroom.Mail;

/// <summary>
/// Opens the incoming mailbox and outgoing transport of any account: IMAP, POP3 and SMTP here, Exchange through
/// the registered <see cref="IExchangeTransportFactory"/>, Microsoft 365 through <see cref="GraphTransportFactory"/>.
/// </summary>
public sealed class MailTransportFactory : IMailTransportFactory
{
    private readonly MailConnector _connector;
    private readonly IExchangeTransportFactory? _exchange;
    private readonly GraphTransportFactory? _graph;

    internal MailTransportFactory(MailConnector connector, IExchangeTransportFactory? exchange = null, GraphTransportFactory? graph = null)
    {
        _connector = connector;
        _exchange = exchange;
        _graph = graph;
    }

    /// <inheritdoc />
    /// <exception cref="MailConnectionException">The server could not be reached, refused the sign-in, or the folder does not exist.</exception>
    public async Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Type switch
        {
            AccountType.Imap => await ImapMailbox.OpenAsync(_connector, account, folder, cancellationToken).ConfigureAwait(false),
            AccountType.Pop3 => await Pop3Mailbox.OpenAsync(_connector, account, cancellationToken).ConfigureAwait(false),
            AccountType.Graph => await Graph(account).OpenIncomingAsync(account, folder, cancellationToken).ConfigureAwait(false),
            _ => await Exchange(account).OpenIncomingAsync(account, folder, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <inheritdoc />
    /// <exception cref="MailConnectionException">The server could not be reached or refused the sign-in.</exception>
    public async Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Type switch
        {
            AccountType.Imap or AccountType.Pop3 => await SmtpTransport.OpenAsync(_connector, account, cancellationToken).ConfigureAwait(false),
            AccountType.Graph => await Graph(account).OpenOutgoingAsync(account, cancellationToken).ConfigureAwait(false),
            _ => await Exchange(account).OpenOutgoingAsync(account, cancellationToken).ConfigureAwait(false),
        };
    }

    private GraphTransportFactory Graph(Account account) =>
        _graph ?? throw new NotSupportedException($"Account '{account.Name}' is a Microsoft 365 (Graph) account, and no Graph transport is registered.");

    private IExchangeTransportFactory Exchange(Account account) =>
        _exchange ?? throw new NotSupportedException($"Account '{account.Name}' is an Exchange account, and no Exchange transport is registered.");
}
