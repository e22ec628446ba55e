using Mailroom.Core.Records;
using Mailroom.Core.Validation;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

public sealed class RecordStoreTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Create_GivesGrowingNumbers_AndMakesTheRequesterACustomer(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var store = new RecordStore(db.Database, TimeProvider.System);

        var first = await store.CreateAsync(new NewRecord("Printer on fire", "Cust@Example.test", "Cust Omer", "It smokes."), CancellationToken.None);
        var second = await store.CreateAsync(new NewRecord("Second", "cust@example.TEST"), CancellationToken.None);

        Assert.Equal(RecordTypes.Incident, first.Type);
        Assert.Equal(RecordStatus.New, first.Status);
        Assert.Equal(RecordPriority.Medium, first.Priority);
        Assert.Equal("It smokes.", first.Description);
        Assert.True(second.Number > first.Number);
        Assert.NotNull(first.Requester);
        Assert.Equal("Cust@Example.test", first.Requester.Address);
        Assert.Equal("Cust Omer", first.Requester.Name);
        Assert.Equal(first.Requester.Id, second.Requester!.Id);

        var byNumber = await store.GetByNumberAsync(second.Number, CancellationToken.None);
        Assert.Equal(second.Id, byNumber!.Id);
        Assert.Null(await store.GetAsync(999_999, CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Create_RefusesBadSubjectAndRequester_NamingTheFields(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var store = new RecordStore(db.Database, TimeProvider.System);

        var empty = await Assert.ThrowsAsync<ValidationException>(() => store.CreateAsync(new NewRecord(" ", null), CancellationToken.None));
        Assert.Equal("subject", empty.Problems[0].Field);
        var twoLines = await Assert.ThrowsAsync<ValidationException>(() => store.CreateAsync(new NewRecord("a\r\nb", null), CancellationToken.None));
        Assert.Equal("subject", twoLines.Problems[0].Field);
        var requester = await Assert.ThrowsAsync<ValidationException>(() => store.CreateAsync(new NewRecord("fine", "not an address"), CancellationToken.None));
        Assert.Equal("requester", requester.Problems[0].Field);

        Assert.Equal(0, (await store.ListAsync(new RecordQuery(), CancellationToken.None)).Total);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task List_SearchesFiltersAndPages_NewestFirst(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var store = new RecordStore(db.Database, TimeProvider.System);
        var printer = await store.CreateAsync(new NewRecord("Printer jammed", "a@example.test"), CancellationToken.None);
        var mail = await store.CreateAsync(new NewRecord("Mail 100% broken", "b@example.test"), CancellationToken.None);
        var vpn = await store.CreateAsync(new NewRecord("VPN down", "a@example.test"), CancellationToken.None);
        await store.UpdateAsync(vpn.Id, new RecordChanges(Status: RecordStatus.Resolved), CancellationToken.None);

        var all = await store.ListAsync(new RecordQuery(), CancellationToken.None);
        Assert.Equal([vpn.Id, mail.Id, printer.Id], all.Records.Select(r => r.Id));

        var search = await store.ListAsync(new RecordQuery(Search: "PRINTER"), CancellationToken.None);
        Assert.Equal([printer.Id], search.Records.Select(r => r.Id));

        var percent = await store.ListAsync(new RecordQuery(Search: "100%"), CancellationToken.None);
        Assert.Equal([mail.Id], percent.Records.Select(r => r.Id));

        var byRequester = await store.ListAsync(new RecordQuery(Search: "a@example"), CancellationToken.None);
        Assert.Equal([vpn.Id, printer.Id], byRequester.Records.Select(r => r.Id));

        var byNumber = await store.ListAsync(new RecordQuery(Search: mail.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);
        Assert.Contains(mail.Id, byNumber.Records.Select(r => r.Id));

        var open = await store.ListAsync(new RecordQuery(Statuses: [RecordStatus.New, RecordStatus.InProgress]), CancellationToken.None);
        Assert.Equal([mail.Id, printer.Id], open.Records.Select(r => r.Id));

        var page = await store.ListAsync(new RecordQuery(Offset: 1, Limit: 1), CancellationToken.None);
        Assert.Equal(3, page.Total);
        Assert.Equal([mail.Id], page.Records.Select(r => r.Id));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Update_ChangesOnlyTheGivenFields(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new RecordStore(db.Database, time);
        var record = await store.CreateAsync(new NewRecord("Old subject", null, Description: "keep me"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));

        var updated = await store.UpdateAsync(record.Id, new RecordChanges(Subject: "New subject", Status: RecordStatus.InProgress, Priority: RecordPriority.High), CancellationToken.None);

        Assert.NotNull(updated);
        Assert.Equal("New subject", updated.Subject);
        Assert.Equal("keep me", updated.Description);
        Assert.Equal(RecordStatus.InProgress, updated.Status);
        Assert.Equal(RecordPriority.High, updated.Priority);
        Assert.Equal(record.CreatedAt, updated.CreatedAt);
        Assert.Equal(record.CreatedAt.AddMinutes(5), updated.UpdatedAt);
        Assert.Null(await store.UpdateAsync(999_999, new RecordChanges(Status: RecordStatus.Closed), CancellationToken.None));
    }
}
