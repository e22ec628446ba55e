using Mailroom.Core.Accounts;
using Mailroom.Mail.Ews;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Mail.Tests.Ews;

public sealed class ExchangeRegistrationTests
{
    [Fact]
    public async Task The_general_tester_and_factory_hand_exchange_accounts_to_the_exchange_transport()
    {
        await using var services = new ServiceCollection().AddLogging().AddMailTransports().BuildServiceProvider();
        var account = new Account
        {
            Name = "Desk",
            Type = AccountType.Exchange,
            Exchange = new ExchangeServer(string.Empty, "mail.corp.example"),
            Credentials = new Credentials("desk@corp.example", null),
        };

        var report = await services.GetRequiredService<IAccountTester>().TestAsync(account, "agent@example.com", CancellationToken.None);

        var step = Assert.Single(report.Steps);
        Assert.Equal(ExchangeAccountTester.RequiredFieldsStep, step.Name);
        Assert.Contains("Exchange Domain", step.Detail, StringComparison.Ordinal);
        Assert.IsType<ExchangeTransportFactory>(services.GetRequiredService<IExchangeTransportFactory>());
    }
}
