namespace Mailroom.Mail;

/// <summary>
/// Test Account for Exchange accounts: <see cref="AccountTests.AccountTester"/> hands Exchange accounts to the
/// registered implementation, so callers use one tester for every account type.
/// </summary>
public interface IExchangeAccountTester : IAccountTester;
