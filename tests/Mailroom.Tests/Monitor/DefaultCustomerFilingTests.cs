using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// A monitor's default customer, against the real Dovecot and Postfix: it stands in for senders who are not customers
/// (require-customer items run, new records are its records, attach-to-customer goes to it) and never for a customer.
/// </summary>
public sealed class DefaultCustomerFilingTests
{
    /// <summary>Runs only for a customer: a new record with high priority, the mail also on the customer's journal.</summary>
    private const string CustomersOnly = """
        {"require-customer":true,"actions":[{"type":"create-record","fields":{"priority":"high"}},{"type":"attach","also-to-customer":true}]}
        """;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_require_customer_item_runs_for_a_stranger_only_once_a_default_customer_stands_in_and_a_known_customer_stays_themselves(string kind)
    {
        await using var h = await FilingHarness.CreateAsync(kind);
        var customers = h.Get<CustomerStore>();
        var walkIns = await customers.GetOrCreateAsync($"walk-ins-{Guid.NewGuid():N}@desk.test", "Walk-ins", CancellationToken.None);
        var known = await customers.GetOrCreateAsync(h.Customer.Address, "Known Customer", CancellationToken.None);
        var monitor = await h.MonitorAsync();
        await h.Monitors.AddItemAsync(monitor.Id, "Customers only", CustomersOnly, null, CancellationToken.None);
        var first = await MailServer.CreateUserAsync("stranger");
        var second = await MailServer.CreateUserAsync("stranger");

        // No default customer: the stranger is not a customer, the item does not run, Default opens a record as today
        // (and the stranger becomes its requester and a customer).
        await h.DeliverToDeskAsync(FilingHarness.Mail(first.Address, h.Desk.Address, "Printer jammed in room 12", "Paper everywhere."));
        Assert.Equal(1, (await h.RunOnceAsync()).NewRecords);
        var before = Assert.Single(await h.RecordsOfAsync(first.Address));
        Assert.Equal(RecordPriority.Medium, before.Priority);
        Assert.NotNull(await customers.FindByAddressAsync(first.Address, CancellationToken.None));

        monitor = await h.MonitorAsync();
        monitor.DefaultCustomerId = walkIns.Id;
        await h.Monitors.SaveAsync(monitor, CancellationToken.None);

        await h.DeliverToDeskAsync(
            FilingHarness.Mail($"Second Stranger <{second.Address}>", h.Desk.Address, "Projector broken in room 7", "No picture at all."),
            h.FromCustomer("Keyboard missing keys", "The E key is gone."));
        Assert.Equal(2, (await h.RunOnceAsync()).NewRecords);

        // The stranger: the item ran, the record is the default customer's, the stranger did not become a customer,
        // and the mail on the record still names the stranger as its sender.
        var standIn = Assert.Single(await h.RecordsOfAsync(walkIns.Address));
        Assert.Equal("Projector broken in room 7", standIn.Subject);
        Assert.Equal(RecordPriority.High, standIn.Priority);
        Assert.Null(await customers.FindByAddressAsync(second.Address, CancellationToken.None));
        var mail = Assert.Single(await h.IncomingOnAsync(standIn.Id));
        Assert.Contains(second.Address, mail.Mail!.From, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(walkIns.Id, mail.CustomerId);
        Assert.Empty(await h.RecordsOfAsync(second.Address));

        // The known customer is never replaced by the default customer.
        var own = Assert.Single(await h.RecordsOfAsync(h.Customer.Address));
        Assert.Equal(RecordPriority.High, own.Priority);
        Assert.Equal(known.Id, Assert.Single(await h.IncomingOnAsync(own.Id)).CustomerId);
        Assert.Single(await h.RecordsOfAsync(walkIns.Address));
    }

    [Fact]
    public async Task A_strangers_reply_by_subject_lands_on_the_record_they_opened_through_the_default_customer_and_another_strangers_does_not()
    {
        await using var h = await FilingHarness.CreateAsync();
        var walkIns = await h.Get<CustomerStore>().GetOrCreateAsync($"walk-ins-{Guid.NewGuid():N}@desk.test", null, CancellationToken.None);
        var monitor = await h.MonitorAsync();
        monitor.DefaultCustomerId = walkIns.Id;
        await h.Monitors.SaveAsync(monitor, CancellationToken.None);
        var first = await MailServer.CreateUserAsync("stranger");
        var second = await MailServer.CreateUserAsync("stranger");

        await h.DeliverToDeskAsync(FilingHarness.Mail(first.Address, h.Desk.Address, "Coffee machine leaking water", "A puddle."));
        Assert.Equal(1, (await h.RunOnceAsync()).NewRecords);
        var record = Assert.Single(await h.RecordsOfAsync(walkIns.Address));

        // Only the subject connects these to the record: the first stranger wrote it, the second never did.
        await h.DeliverToDeskAsync(
            FilingHarness.Mail(first.Address, h.Desk.Address, "Re: Coffee machine leaking water", "Now a lake."),
            FilingHarness.Mail(second.Address, h.Desk.Address, "Re: Coffee machine leaking water", "Ours leaks too."));
        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 1), (counts.FiledExisting, counts.NewRecords));
        Assert.Equal(["A puddle.", "Now a lake."], (await h.IncomingOnAsync(record.Id)).Select(e => e.Text));
        Assert.Equal(2, (await h.RecordsOfAsync(walkIns.Address)).Count);
    }
}
