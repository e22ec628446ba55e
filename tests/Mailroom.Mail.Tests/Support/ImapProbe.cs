using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Mailroom.Mail.Tests.Support;

/// <summary>A separate IMAP session on the test server, to see what a mailbox holds independently of the code under test.</summary>
internal sealed class ImapProbe : IAsyncDisposable
{
    private ImapProbe(ImapClient client) => Client = client;

    public ImapClient Client { get; }

    public static async Task<ImapProbe> OpenAsync(TestUser user)
    {
        var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(TestMailServer.Host, 993, SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync(user.Address, user.Password);
        return new ImapProbe(client);
    }

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

    /// <summary>Waits (up to 20 s) until the folder holds <paramref name="count"/> messages: delivery through Postfix is asynchronous.</summary>
    public async Task WaitForCountAsync(int count, string folderName = "INBOX")
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var subjects = await SubjectsAsync(folderName);
            if (subjects?.Count >= count)
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{folderName} holds {subjects?.Count ?? 0} messages, expected {count}");
            }

            await Task.Delay(100);
        }
    }

    public async Task AppendAsync(string folderName, MimeMessage message, MessageFlags flags = MessageFlags.None)
    {
        var folder = folderName == "INBOX" ? Client.Inbox : await Client.GetFolderAsync(folderName);
        await folder.AppendAsync(message, flags);
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
