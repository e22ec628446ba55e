using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Testing;
using MailKit;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Every message of the shared corpus (Zammad, sisimai, MimeKit, notmuch, talon) in ONE real Dovecot folder, through
/// the real command and the production path (listing, fetch, MIME loading, filing, post-action). One odd message
/// (Zammad's mail017 with a folded subject Dovecot sends in ENVELOPE as a 5 KB literal, sisimai's
/// lhost-mfilter-01) once stopped the whole mailbox; now each one is filed, skipped or set aside and none escapes.
/// </summary>
public sealed class CorpusDovecotTests
{
    [Fact]
    public async Task One_run_over_the_whole_corpus_in_one_folder_empties_it_and_accounts_for_every_message()
    {
        var files = CorpusMessages();
        Assert.True(files.Count > 1100, $"only {files.Count} corpus messages found under {RepoPaths.CorpusPath()}");
        var desk = await MailServer.CreateUserAsync("corpus");
        var refusedByDovecot = new List<string>();
        await using (var append = await RawImapAppend.OpenAsync(desk))
        {
            foreach (var file in files)
            {
                if (await append.AppendAsync("INBOX", await File.ReadAllBytesAsync(file)) is { } refusal)
                {
                    refusedByDovecot.Add($"{file}: {refusal}");
                }
            }
        }

        int inFolder;
        using (var imap = await MailServer.ConnectImapAsync(desk))
        {
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
            inFolder = imap.Inbox.Count;
        }

        // What Dovecot took is what the monitor must account for; it takes (nearly) all of it.
        Assert.True(refusedByDovecot.Count < 10, "Dovecot refused:\n" + string.Join("\n", refusedByDovecot));
        Assert.Equal(files.Count - refusedByDovecot.Count, inFolder);

        var data = Path.Combine(Path.GetTempPath(), "mailroom-corpus-" + Guid.NewGuid().ToString("N")[..10]);
        var env = new Dictionary<string, string> { ["MONITOR_TEST_PASSWORD"] = desk.Password };
        try
        {
            var add = await MailroomProcess.AddImapAccountAsync(data, env, "Corpus", desk.Address);
            Assert.True(add.ExitCode == 0, add.Error);
            var set = await MailroomProcess.RunAsync(data, env, "monitor", "set", "Corpus", "--post-action", "move:Filed", "--enable");
            Assert.True(set.ExitCode == 0, set.Error);

            var run = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Corpus");

            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}\n{run.Output}");
            using (var imap = await MailServer.ConnectImapAsync(desk))
            {
                await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
                Assert.Equal(0, imap.Inbox.Count);
                var filed = await imap.GetFolderAsync("Filed");
                await filed.OpenAsync(FolderAccess.ReadOnly);
                Assert.Equal(inFolder, filed.Count);
            }

            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default);
            var ledger = await new MonitorMessageStore(database, new RawMessageSpool(data, TimeProvider.System), TimeProvider.System).ListForAccountAsync(1, 100_000, default);
            Assert.Equal(inFolder, ledger.Count);
            Assert.All(ledger, m => Assert.Equal(MessageState.Completed, m.State));
            var outcomes = ledger.GroupBy(m => m.Outcome ?? "(none)").ToDictionary(g => g.Key, g => g.Count());
            Assert.True(
                outcomes.Keys.All(k => k is MessageOutcome.FiledExisting or MessageOutcome.NewRecord or MessageOutcome.Skipped or MessageOutcome.NotHandled or MessageOutcome.Duplicate),
                "outcomes: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));

            // The two messages that used to stop the mailbox are read like any other, not set aside.
            Assert.Contains(ledger, m => m.Subject is { } s && s.StartsWith("【专业为您注册香港及海外公司", StringComparison.Ordinal) && m.Outcome != MessageOutcome.NotHandled);
            Assert.Contains(ledger, m => m.MessageId == "000000000000000000@example.com" && m.Outcome != MessageOutcome.NotHandled);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>The corpus files that are whole messages (not licences, expected outputs, or bare bodies).</summary>
    private static List<string> CorpusMessages()
    {
        IEnumerable<string> Under(string folder, string pattern = "*") =>
            Directory.EnumerateFiles(RepoPaths.CorpusPath(folder), pattern, SearchOption.AllDirectories);

        return Under("zammad-mail", "*.box")
            .Concat(Under(Path.Combine("sisimai", "maildir")))
            .Concat(Under(Path.Combine("mimekit", "messages")))
            .Concat(Under("notmuch").Where(f => !f.Contains($"{Path.DirectorySeparatorChar}expected{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("COPYING", StringComparison.Ordinal)))
            .Concat(Under("talon", "*.eml"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
