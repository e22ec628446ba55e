using Mailroom.Core.Accounts;

namespace Mailroom.Mail;

/// <summary>Opens the incoming mailbox and the outgoing transport of an account, whatever its type.</summary>
public interface IMailTransportFactory
{
    /// <summary>Connects and signs in to the account's incoming folder (null: the inbox).</summary>
    Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken);

    /// <summary>Connects and signs in to the account's outgoing server.</summary>
    Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken);
}
