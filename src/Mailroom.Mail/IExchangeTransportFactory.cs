namespace Mailroom.Mail;

/// <summary>
/// The Exchange (EWS) side of <see cref="IMailTransportFactory"/>: <see cref="MailTransportFactory"/> hands every
/// Exchange account to the registered implementation, so callers use one factory for every account type.
/// </summary>
public interface IExchangeTransportFactory : IMailTransportFactory;
