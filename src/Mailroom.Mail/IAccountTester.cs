using Mailroom.Core.Accounts;

namespace Mailroom.Mail;

/// <summary>
/// Test Account: checks the required fields (touching no server when any is missing), then connects and signs in,
/// then sends a test e-mail to <c>recipient</c>. The same function serves the command, the pages and the API.
/// </summary>
public interface IAccountTester
{
    Task<AccountTestReport> TestAsync(Account account, string recipient, CancellationToken cancellationToken);
}
