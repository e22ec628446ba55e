using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>
/// A mail's raw message downloaded from the record page and the API: the stored bytes exactly (a received mail's from
/// the ledger's copy), and only from its own record.
/// </summary>
public sealed class RawMailDownloadTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    [Fact]
    public async Task The_raw_message_downloads_byte_for_byte_from_the_page_and_the_api_and_only_from_its_own_record()
    {
        var record = await RecordSeed.RecordAsync(server, "Raw " + Guid.NewGuid().ToString("N")[..8], "ann@customer.test");
        var other = await RecordSeed.RecordAsync(server, "Other " + Guid.NewGuid().ToString("N")[..8], "bob@customer.test");
        var raw = new byte[8 * 1024 * 1024];
        new Random(5).NextBytes(raw);
        var entry = await server.Services.GetRequiredService<JournalStore>().AddMailAsync(new NewMailEntry(record.Id, null,
            new MailHistory { Direction = MailDirection.Incoming, From = "ann@customer.test", Subject = "Big raw", TextBody = "See the raw." }, [], raw),
            CancellationToken.None);
        using var agent = await server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        using var api = server.NewClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("raw test", "test", CancellationToken.None)).Value);

        var page = await agent.GetStringAsync($"records/{record.Number}");
        using var fromPage = await agent.GetAsync($"records/{record.Number}/mail/{entry}/raw");
        using var fromApi = await api.GetAsync($"api/records/{record.Number}/mail/{entry}/raw");
        using var pageElsewhere = await agent.GetAsync($"records/{other.Number}/mail/{entry}/raw");
        using var apiElsewhere = await api.GetAsync($"api/records/{other.Number}/mail/{entry}/raw");
        using var noSuchEntry = await api.GetAsync($"api/records/{record.Number}/mail/987654321/raw");

        Assert.Contains($"/records/{record.Number}/mail/{entry}/raw", page, StringComparison.Ordinal);
        foreach (var response in new[] { fromPage, fromApi })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("message/rfc822", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal($"message-{entry}.eml", response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
            Assert.Equal(Convert.ToHexString(SHA256.HashData(raw)), Convert.ToHexString(SHA256.HashData(await response.Content.ReadAsByteArrayAsync())));
        }

        Assert.Equal(HttpStatusCode.NotFound, pageElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noSuchEntry.StatusCode);
    }

    [Fact]
    public async Task A_received_mail_downloads_the_ledgers_bytes_from_the_page_and_the_api()
    {
        var record = await RecordSeed.RecordAsync(server, "Received raw " + Guid.NewGuid().ToString("N")[..8], "cat@customer.test");
        var raw = new byte[3 * 1024 * 1024 + 7];
        new Random(16).NextBytes(raw);
        var messages = server.Services.GetRequiredService<MonitorMessageStore>();
        ReceivedMessage received;
        await using (var staged = await messages.Spool.StageAsync(new MemoryStream(raw), CancellationToken.None))
        {
            received = Assert.Single(await messages.ReceiveAsync(
                [new ReceivedBatchItem(new ReceivedMessage { AccountId = 1, FolderKey = "INBOX", MailboxId = Guid.NewGuid().ToString("N") }, staged)], null, CancellationToken.None));
        }

        long entry;
        await using (var work = await messages.Database.BeginAsync(CancellationToken.None))
        {
            entry = await server.Services.GetRequiredService<JournalStore>().AddReceivedMailAsync(work, new NewMailEntry(record.Id, null,
                new MailHistory { Direction = MailDirection.Incoming, From = "cat@customer.test", Subject = "Filed by the monitor" }, [], ReadOnlyMemory<byte>.Empty),
                received.Id, CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        using var agent = await server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        using var api = server.NewClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("received raw test", "test", CancellationToken.None)).Value);

        using var fromPage = await agent.GetAsync($"records/{record.Number}/mail/{entry}/raw");
        using var fromApi = await api.GetAsync($"api/records/{record.Number}/mail/{entry}/raw");

        foreach (var response in new[] { fromPage, fromApi })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(raw.Length, response.Content.Headers.ContentLength);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(raw)), Convert.ToHexString(SHA256.HashData(await response.Content.ReadAsByteArrayAsync())));
        }
    }
}
