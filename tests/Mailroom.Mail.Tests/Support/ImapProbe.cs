using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Mail.Tests.Support;

/// <summary>A separate IMAP session on the test server, to see what a mailbox holds independently of the code under test.</summary>
internal sealed class ImapProbe : IAsyncDisposable
{
    private ImapProbe(ImapClient client) => Client = client;

    public ImapClient Client { get; }

    public static async Task<ImapProbe> OpenAsync(MailUser user) => new(await MailServer.ConnectImapAsync(user));

    /// <summary>The subjects in a folder with their flags, or null when the folder does not exist.</summary>
    public async Task<IReadOnlyList<(string Subject, MessageFlags Flags)>?> SubjectsAsync(string folderName = "INBOX")
    {
        IMailFolder folder;
        try
        {
            folder = folderName == "INBOX" ? Client.Inbox : await Client.GetFolderAsync(folderName);
        }
        catch (FolderNotFoundException)
        {
            return null;
        }

        await folder.OpenAsync(FolderAccess.ReadOnly);
        var result = folder.Count == 0 ? [] : (await folder.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.Flags))
            .Select(s => (s.Envelope?.Subject ?? string.Empty, s.Flags ?? MessageFlags.None)).ToList();
        await folder.CloseAsync();
        return result;
    }

    /// <summary>
    /// Waits until the folder holds <paramref name="count"/> messages: delivery through Postfix is asynchronous. The
    /// limit (60 s) is generous because the test machine is shared and loaded; a passing test never waits that long.
    /// </summary>
    public Task WaitForCountAsync(int count, string folderName = "INBOX") =>
        WaitFor.ValueAsync(async () => (await SubjectsAsync(folderName))?.Count ?? 0, held => held >= count, TimeSpan.FromSeconds(60),
            $"{folderName} holding {count} messages");

    public async Task AppendAsync(string folderName, MimeMessage message, MessageFlags flags = MessageFlags.None)
    {
        var folder = folderName == "INBOX" ? Client.Inbox : await Client.GetFolderAsync(folderName);
        await folder.AppendAsync(message, flags);
    }

    /// <summary>Removes the INBOX message with this subject for good (\\Deleted and EXPUNGE), as another client would.</summary>
    public async Task ExpungeAsync(string subject)
    {
        var inbox = Client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        var uids = (await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope))
            .Where(s => s.Envelope?.Subject == subject).Select(s => s.UniqueId).ToList();
        Assert.NotEmpty(uids);
        await inbox.AddFlagsAsync(uids, MessageFlags.Deleted, silent: true);
        await inbox.ExpungeAsync();
        await inbox.CloseAsync();
    }

    public async Task<IMailFolder> CreateFolderAsync(string name)
    {
        var root = Client.GetFolder(Client.PersonalNamespaces[0]);
        return await root!.CreateAsync(name, true) ?? throw new InvalidOperationException($"could not create {name}");
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisconnectAsync(true);
        Client.Dispose();
    }
}
