using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Audit;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Accounts;

/// <summary>The account store's behaviour, run against SQLite and PostgreSQL alike by the two derived classes.</summary>
public abstract class AccountStoreTests : IAsyncLifetime
{
    private const string Actor = "test:admin";
    private static readonly CancellationToken None = CancellationToken.None;

    private StorageTarget _target = null!;
    private StoreHarness _harness = null!;

    private protected StoreHarness Harness => _harness;

    public async Task InitializeAsync()
    {
        _target = await CreateTargetAsync();
        _harness = await StoreHarness.OpenAsync(_target.Options);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _target.DisposeAsync();
    }

    private protected abstract Task<StorageTarget> CreateTargetAsync();

    private static Account Exchange(string name = "Help Desk", string password = "exchange-pw") => new()
    {
        Name = name,
        Type = AccountType.Exchange,
        AvailableToUsers = true,
        Exchange = new ExchangeServer("CORP", "https://mail.example.test/EWS/Exchange.asmx", UseSsl: false),
        Credentials = new Credentials("helpdesk@example.test", new Secret(password)),
        AllowInvalidCertificate = true,
        Padlocks = new Padlocks(ServerSettingsLocked: false, CredentialsLocked: true),
        ConversationId = ConversationIdPlacement.Body,
        From = new FromSettings(false, true, ["helpdesk@example.test", "noreply@example.test"], "noreply@example.test"),
        History = new HistoryOptions(AttachToRecord: false, AttachToCustomer: true, ImportAttachments: false),
    };

    private static Account Imap(string name = "Support") => new()
    {
        Name = name,
        Type = AccountType.Imap,
        Incoming = new IncomingServer("imap.example.test", 993, SecurityMode.Ssl),
        Outgoing = new OutgoingServer("smtp.example.test", 2525, SecurityMode.StartTls, UseIncomingCredentials: false, new Credentials("smtp-user", new Secret("smtp-pw"))),
        Credentials = new Credentials("support", new Secret("imap-pw")),
    };

    [Fact]
    public async Task Added_accounts_come_back_with_every_field_by_name_in_any_case_and_by_id()
    {
        var exchange = await Harness.Accounts.AddAsync(Exchange(), Actor, None);
        var imap = await Harness.Accounts.AddAsync(Imap(), Actor, None);

        Assert.True(exchange.Id > 0);
        Assert.Equal(1, exchange.Version);
        Assert.Equal(Exchange() with { Id = exchange.Id, Version = 1 }, await Harness.Accounts.GetAsync("HELP desk", None));
        Assert.Equal(Imap() with { Id = imap.Id, Version = 1 }, await Harness.Accounts.GetAsync(imap.Id, None));
        Assert.Equal(["Help Desk", "Support"], (await Harness.Accounts.ListAsync(None)).Select(a => a.Name));
    }

    [Fact]
    public async Task A_blank_account_keeps_its_defaults()
    {
        var minimal = new Account
        {
            Name = "Minimal",
            Type = AccountType.Pop3,
            Incoming = new IncomingServer("pop.example.test"),
            Outgoing = new OutgoingServer("smtp.example.test"),
        };
        var stored = await Harness.Accounts.AddAsync(minimal, Actor, None);
        Assert.Equal(minimal with { Id = stored.Id, Version = 1 }, await Harness.Accounts.GetAsync("minimal", None));
    }

    [Fact]
    public async Task A_name_differing_only_in_case_is_refused_and_nothing_is_written()
    {
        await Harness.Accounts.AddAsync(Exchange(), Actor, None);
        var e = await Assert.ThrowsAsync<ValidationException>(() => Harness.Accounts.AddAsync(Imap("HELP DESK"), Actor, None));

        Assert.Equal("name", Assert.Single(e.Problems).Field);
        Assert.Single(await Harness.Accounts.ListAsync(None));
        Assert.Single(await Harness.Audit.ListAsync(null, 100, None));
    }

    [Fact]
    public async Task An_invalid_account_is_refused_with_every_problem_and_nothing_is_written()
    {
        var broken = Imap() with { Name = "", Incoming = new IncomingServer("", 70000), From = new FromSettings(true, false, ["x"], "y@example.test") };
        var e = await Assert.ThrowsAsync<ValidationException>(() => Harness.Accounts.AddAsync(broken, Actor, None));

        Assert.Equal(["name", "incoming-server", "incoming-port", "from-address", "default-from"], e.Problems.Select(p => p.Field));
        Assert.Empty(await Harness.Accounts.ListAsync(None));
        Assert.Empty(await Harness.Audit.ListAsync(null, 100, None));
    }

    [Fact]
    public async Task Get_of_a_missing_account_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Harness.Accounts.GetAsync("nobody", None));
        await Assert.ThrowsAsync<NotFoundException>(() => Harness.Accounts.GetAsync(12345, None));
        Assert.Null(await Harness.Accounts.FindAsync("nobody", None));
    }

    [Fact]
    public async Task An_update_based_on_the_current_version_is_stored_and_bumps_the_version()
    {
        var stored = await Harness.Accounts.AddAsync(Imap(), Actor, None);
        var changed = stored with { Name = "Support Desk", Incoming = stored.Incoming! with { Port = 1993 }, Credentials = stored.Credentials with { Password = new Secret("new-pw") } };

        var updated = await Harness.Accounts.UpdateAsync(changed, Actor, None);

        Assert.Equal(2, updated.Version);
        var read = await Harness.Accounts.GetAsync("support desk", None);
        Assert.Equal(changed with { Version = 2 }, read);
        Assert.Equal("new-pw", read.Credentials.Password!.Reveal());
    }

    [Fact]
    public async Task An_update_based_on_a_stale_read_is_a_conflict_and_changes_nothing()
    {
        var first = await Harness.Accounts.AddAsync(Imap(), Actor, None);
        var second = first; // two people read the same version
        await Harness.Accounts.UpdateAsync(first with { AvailableToUsers = true }, Actor, None);

        var e = await Assert.ThrowsAsync<ConflictException>(() => Harness.Accounts.UpdateAsync(second with { Name = "Renamed" }, Actor, None));

        Assert.Equal(1, e.ExpectedVersion);
        Assert.Equal(2, e.CurrentVersion);
        var read = await Harness.Accounts.GetAsync("Support", None);
        Assert.True(read.AvailableToUsers);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task An_invalid_update_changes_nothing()
    {
        var stored = await Harness.Accounts.AddAsync(Imap(), Actor, None);
        await Harness.Accounts.AddAsync(Exchange(), Actor, None);

        var e = await Assert.ThrowsAsync<ValidationException>(() =>
            Harness.Accounts.UpdateAsync(stored with { Name = "help DESK", Outgoing = stored.Outgoing! with { Port = 0 } }, Actor, None));

        Assert.Equal(["name", "smtp-port"], e.Problems.Select(p => p.Field));
        Assert.Equal(stored, await Harness.Accounts.GetAsync("Support", None));
    }

    [Fact]
    public async Task Updating_a_deleted_account_is_not_found()
    {
        var stored = await Harness.Accounts.AddAsync(Imap(), Actor, None);
        await Harness.Accounts.DeleteAsync("Support", keepUserAccounts: false, Actor, None);
        await Assert.ThrowsAsync<NotFoundException>(() => Harness.Accounts.UpdateAsync(stored with { AvailableToUsers = true }, Actor, None));
    }

    [Fact]
    public async Task A_copy_keeps_every_setting_sealed_secrets_and_from_settings_included()
    {
        await Harness.Accounts.AddAsync(Exchange(), Actor, None);
        await Harness.Accounts.AddAsync(Imap(), Actor, None);

        var exchangeCopy = await Harness.Accounts.CopyAsync("help desk", "Help Desk 2", Actor, None);
        var imapCopy = await Harness.Accounts.CopyAsync("Support", "Support 2", Actor, None);

        Assert.Equal(Exchange("Help Desk 2") with { Id = exchangeCopy.Id, Version = 1 }, await Harness.Accounts.GetAsync("Help Desk 2", None));
        Assert.Equal(Imap("Support 2") with { Id = imapCopy.Id, Version = 1 }, await Harness.Accounts.GetAsync("Support 2", None));
        Assert.Equal("smtp-pw", (await Harness.Accounts.GetAsync("Support 2", None)).SmtpCredentials.Password!.Reveal());
    }

    [Fact]
    public async Task A_copy_under_a_taken_name_or_of_a_missing_account_is_refused()
    {
        await Harness.Accounts.AddAsync(Exchange(), Actor, None);
        await Harness.Accounts.AddAsync(Imap(), Actor, None);

        var e = await Assert.ThrowsAsync<ValidationException>(() => Harness.Accounts.CopyAsync("Help Desk", "SUPPORT", Actor, None));
        Assert.Equal("name", Assert.Single(e.Problems).Field);
        await Assert.ThrowsAsync<NotFoundException>(() => Harness.Accounts.CopyAsync("nobody", "New", Actor, None));
        Assert.Equal(2, (await Harness.Accounts.ListAsync(None)).Count);
    }

    [Fact]
    public async Task Delete_without_keeping_user_accounts_removes_their_personal_versions()
    {
        var account = await Harness.Accounts.AddAsync(Imap(), Actor, None);
        await Harness.Accounts.SavePersonalVersionAsync(new PersonalAccountVersion(account.Id, "ann@example.test", new Credentials("ann", new Secret("ann-pw"))), Actor, None);

        var kept = await Harness.Accounts.DeleteAsync("SUPPORT", keepUserAccounts: false, Actor, None);

        Assert.Equal(0, kept);
        Assert.Null(await Harness.Accounts.FindAsync("Support", None));
        Assert.Empty(await Harness.Accounts.ListPersonalVersionsAsync(account.Id, None));
        Assert.Empty(await Harness.Accounts.ListPersonalAccountsAsync("ann@example.test", None));
    }

    [Fact]
    public async Task Delete_keeping_user_accounts_turns_each_personal_version_into_a_complete_standalone_account()
    {
        var account = await Harness.Accounts.AddAsync(Imap() with { Padlocks = new Padlocks(ServerSettingsLocked: false) }, Actor, None);
        var annServer = new IncomingServer("ann-imap.example.test", 143, SecurityMode.StartTls);
        await Harness.Accounts.SavePersonalVersionAsync(new PersonalAccountVersion(account.Id, "ann@example.test", new Credentials("ann", new Secret("ann-pw")), Incoming: annServer), Actor, None);
        await Harness.Accounts.SavePersonalVersionAsync(new PersonalAccountVersion(account.Id, "bob@example.test", new Credentials("bob", new Secret("bob-pw"))), Actor, None);

        var kept = await Harness.Accounts.DeleteAsync("Support", keepUserAccounts: true, Actor, None);

        Assert.Equal(2, kept);
        Assert.Empty(await Harness.Accounts.ListAsync(None));
        var ann = Assert.Single(await Harness.Accounts.ListPersonalAccountsAsync("ANN@example.test", None));
        Assert.Equal(
            Imap() with
            {
                Id = ann.Id,
                Version = 1,
                Owner = "ann@example.test",
                Incoming = annServer,
                Credentials = new Credentials("ann", new Secret("ann-pw")),
                Padlocks = new Padlocks(ServerSettingsLocked: false, CredentialsLocked: false),
            },
            ann);
        var bob = Assert.Single(await Harness.Accounts.ListPersonalAccountsAsync("bob@example.test", None));
        Assert.Equal(Imap().Incoming, bob.Incoming);
        Assert.Equal("bob-pw", bob.Credentials.Password!.Reveal());
        Assert.Equal("smtp-pw", bob.SmtpCredentials.Password!.Reveal());

        // The name is free again for a new global account; the kept ones live in their owners' namespaces.
        await Harness.Accounts.AddAsync(Imap(), Actor, None);
    }

    [Fact]
    public async Task The_audit_log_names_who_changed_which_account_and_which_fields_never_the_secret()
    {
        var stored = await Harness.Accounts.AddAsync(Imap(), Actor, None);
        await Harness.Accounts.UpdateAsync(stored with { Credentials = stored.Credentials with { Password = new Secret("rotated-pw") }, AvailableToUsers = true }, "test:other", None);
        await Harness.Accounts.CopyAsync("Support", "Support 2", Actor, None);
        await Harness.Accounts.DeleteAsync("Support", keepUserAccounts: false, Actor, None);

        var entries = await Harness.Audit.ListAsync(stored.Id, 10, None);

        Assert.Equal([AuditLog.Actions.AccountDeleted, AuditLog.Actions.AccountChanged, AuditLog.Actions.AccountAdded], entries.Select(e => e.Action));
        var change = entries[1];
        Assert.Equal("test:other", change.Actor);
        Assert.Equal(["available-to-users", "password"], change.Fields);
        Assert.Equal("Support", change.AccountName);
        Assert.InRange(change.At, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(4, (await Harness.Audit.ListAsync(null, 10, None)).Count);
        Assert.Empty(await _target.FindEverywhereAsync("rotated-pw"));
    }

    [Fact]
    public async Task The_audit_log_reads_later_pages_with_an_offset_newest_first()
    {
        foreach (var name in new[] { "Page A", "Page B", "Page C", "Page D", "Page E" })
        {
            await Harness.Accounts.AddAsync(Imap(name), Actor, None);
        }

        var first = await Harness.Audit.ListAsync(new AuditQuery(null, null, 2), None);
        var second = await Harness.Audit.ListAsync(new AuditQuery(null, null, 2, Offset: 2), None);
        var last = await Harness.Audit.ListAsync(new AuditQuery(null, null, 2, Offset: 4), None);

        Assert.Equal(["Page E", "Page D"], first.Select(e => e.AccountName));
        Assert.Equal(["Page C", "Page B"], second.Select(e => e.AccountName));
        Assert.Equal(["Page A"], last.Select(e => e.AccountName));
        Assert.Empty(await Harness.Audit.ListAsync(new AuditQuery(null, null, 2, Offset: 6), None));
    }

    [Fact]
    public async Task A_password_is_sealed_its_bytes_appear_nowhere_in_storage()
    {
        const string Password = "Zq9-unusual-Secret-7731";
        var account = await Harness.Accounts.AddAsync(Imap() with { Credentials = new Credentials("support", new Secret(Password)) }, Actor, None);
        await Harness.Accounts.CopyAsync("Support", "Support 2", Actor, None);
        await Harness.Accounts.SavePersonalVersionAsync(new PersonalAccountVersion(account.Id, "ann@example.test", new Credentials("ann", new Secret(Password + "-ann"))), Actor, None);
        await _harness.DisposeAsync();

        Assert.Empty(await _target.FindEverywhereAsync(Password));
        Assert.NotEmpty(await _target.FindEverywhereAsync("imap.example.test")); // the scan does see what is stored in clear

        // A restart (a fresh key ring load from where it is kept) still unseals it.
        _harness = await StoreHarness.OpenAsync(_target.Options);
        Assert.Equal(Password, (await Harness.Accounts.GetAsync("Support 2", None)).Credentials.Password!.Reveal());
        Assert.Equal(Password + "-ann", (await Harness.Accounts.ListPersonalVersionsAsync(account.Id, None)).Single().Credentials!.Password!.Reveal());
    }

    [Fact]
    public async Task A_second_node_on_the_same_storage_unseals_what_the_first_sealed()
    {
        await Harness.Accounts.AddAsync(Exchange(password: "shared-node-pw"), Actor, None);
        await using var second = await StoreHarness.OpenAsync(_target.Options);
        Assert.Equal("shared-node-pw", (await second.Accounts.GetAsync("Help Desk", None)).Credentials.Password!.Reveal());
    }
}

public sealed class SqliteAccountStoreTests : AccountStoreTests
{
    private protected override Task<StorageTarget> CreateTargetAsync() => Task.FromResult<StorageTarget>(new SqliteTarget());
}

public sealed class PostgresAccountStoreTests : AccountStoreTests
{
    private protected override async Task<StorageTarget> CreateTargetAsync() => await PostgresTarget.CreateAsync("accounts");
}
