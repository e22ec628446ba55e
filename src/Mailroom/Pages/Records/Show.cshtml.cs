using System.Text.Encodings.Web;
using Mailroom.Core.Accounts;
using Mailroom.Core.Monitor;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Records;
using Mailroom.Data.Users;
using Mailroom.Engine.Sending;
using Mailroom.Shapes;
using Mailroom.Workflow;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Records;

/// <summary>
/// An incident and its journal: each mail with its sender, time, new text (the quote folded), attachments, HTML in a
/// sandboxed frame and, for mail the desk sent, its delivery state; and the reply form.
/// </summary>
public sealed class RecordShowModel(RecordStore records, JournalStore journal, AccountStore accounts, RecordWorkflow workflow, UserStore users) : PageModel
{
    private readonly Dictionary<string, List<string>> _problems = new(StringComparer.Ordinal);

    [BindProperty]
    public ReplyInput Input { get; set; } = new();

    public Record Record { get; private set; } = null!;

    public IReadOnlyList<JournalEntry> Journal { get; private set; } = [];

    /// <summary>Global accounts agents may send through (available to users).</summary>
    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    /// <summary>The signed-in user's own personal accounts, offered beside the global ones.</summary>
    public IReadOnlyList<Account> OwnAccounts { get; private set; } = [];

    public Account? Account { get; private set; }

    /// <summary>Who the record may be assigned to: every user who can sign in.</summary>
    public IReadOnlyList<WebUser> Assignees { get; private set; } = [];

    /// <summary>The number of the closed record this one follows up, when it does.</summary>
    public long? FollowsUpNumber { get; private set; }

    /// <summary>A note that was refused, shown again to fix.</summary>
    public string? NoteText { get; private set; }

    /// <summary>The entry whose remote images the agent asked to see.</summary>
    [BindProperty(SupportsGet = true, Name = "images")]
    public long? RemoteImagesFor { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public bool HasProblems => _problems.Count > 0;

    /// <summary>The sending limit on attachments, shown beside the file input.</summary>
    public long MaxAttachmentBytes => HttpContext.RequestServices.GetRequiredService<SendingOptions>().MaxAttachmentBytes;

    /// <summary>The From addresses the chosen account offers this user; the first is its default.</summary>
    public IReadOnlyList<string> FromChoices => Account is null ? [] : FromOptions(Account, User.Identity?.Name);

    public bool AllowArbitraryFrom => Account?.From.AllowArbitrary == true;

    public async Task<IActionResult> OnGetAsync(long number, long? reply, string? account, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(number, account, cancellationToken))
        {
            return NotFound();
        }

        var answered = reply is { } id ? Journal.FirstOrDefault(e => e.Id == id && e.Mail is not null) : ReplyDraft.DefaultAnswered(Journal);
        Input = ReplyDraft.For(Record, answered, Account, User.Identity?.Name);
        return Page();
    }

    public Task<IActionResult> OnPostStatusAsync(long number, string? status, CancellationToken cancellationToken) =>
        ChangeAsync(number, id => workflow.ChangeStatusAsync(id, RecordStatusText.Parse(status), Author, cancellationToken), r => $"Status set to {StatusText(r.Status)}.", cancellationToken);

    public Task<IActionResult> OnPostAssignAsync(long number, string? assignee, CancellationToken cancellationToken) =>
        ChangeAsync(number, id => workflow.AssignAsync(id, assignee, Author, cancellationToken), r => r.Assignee is { } a ? $"Assigned to {a}." : "Assigned to nobody.", cancellationToken);

    public async Task<IActionResult> OnPostNoteAsync(long number, string? note, CancellationToken cancellationToken)
    {
        NoteText = note;
        return await ChangeAsync(number, async id =>
        {
            await workflow.AddNoteAsync(id, note, Author, cancellationToken);
            return Record;
        }, _ => "Note added.", cancellationToken);
    }

    /// <summary>Shows the From choices of another account, keeping what was typed (files must be chosen again).</summary>
    public async Task<IActionResult> OnPostChangeAccountAsync(long number, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(number, Input.Account, cancellationToken))
        {
            return NotFound();
        }

        Input.From = null;
        Input.Account = Account is null ? null : ReplyAccountChoice.Value(Account);
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(long number, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(number, Input.Account, cancellationToken))
        {
            return NotFound();
        }

        var problems = new List<ValidationProblem>();
        var attachments = new List<OutgoingAttachment>();
        foreach (var file in Input.Attachments.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            attachments.Add(new OutgoingAttachment(Path.GetFileName(file.FileName), string.IsNullOrWhiteSpace(file.ContentType) ? null : file.ContentType, buffer.ToArray()));
        }

        var (accountName, own) = ReplyAccountChoice.Parse(Input.Account);
        var (queued, refused) = await ReplySender.QueueAsync(HttpContext.RequestServices.GetRequiredService<RecordMailer>(), new OutgoingMailRequest
        {
            RecordId = Record.Id,
            Account = accountName,
            OwnAccount = own,
            From = Input.From,
            To = AddressText.Split(Input.To),
            Cc = AddressText.Split(Input.Cc),
            Subject = Input.Subject ?? "",
            TextBody = ReplySender.Body(Input.Body),
            Attachments = attachments,
            InReplyToEntryId = Input.InReplyTo,
            SenderUser = User.Identity?.Name,
        }, cancellationToken);
        problems.AddRange(refused);
        if (queued is not null)
        {
            Notice = $"Your reply is queued and goes out shortly{(queued.ConversationId is { } c ? " with Conversation ID " + c : "")}.";
            return Redirect($"/records/{number}#entry-{queued.EntryId}");
        }

        foreach (var problem in problems)
        {
            if (!_problems.TryGetValue(problem.Field, out var list))
            {
                _problems[problem.Field] = list = [];
            }

            list.Add(problem.Message);
        }

        return Page();
    }

    /// <summary>The problems of one field, beside its input.</summary>
    public IHtmlContent ErrorFor(string field) =>
        _problems.TryGetValue(field, out var messages)
            ? new HtmlString($"<span class=\"field-error\" id=\"error-{field}\">{HtmlEncoder.Default.Encode(string.Join(" ", messages.Select(Sentence)))}</span>")
            : HtmlString.Empty;

    public string InvalidClass(string field) => _problems.ContainsKey(field) ? "input-invalid" : "";

    /// <summary>Problems under a field this form has no input for.</summary>
    public IEnumerable<string> OtherProblems(params string[] fieldsOnForm) =>
        _problems.Where(p => !fieldsOnForm.Contains(p.Key)).SelectMany(p => p.Value.Select(m => $"{p.Key}: {Sentence(m)}"));

    /// <summary>A mail's text split into what is new and the quoted history, which the page folds away.</summary>
    public static (string NewText, string Full, bool Folded) TextOf(JournalEntry entry)
    {
        var full = entry.Mail?.TextBody ?? entry.Text ?? "";
        var reply = ReplyTextExtractor.Extract(full);
        var newText = string.IsNullOrWhiteSpace(reply.NewText) ? entry.Text ?? full : reply.NewText;
        var folded = reply.HasQuote || reply.Signature.Length > 0;
        return (newText.TrimEnd(), full.TrimEnd(), folded && !string.Equals(newText.Trim(), full.Trim(), StringComparison.Ordinal));
    }

    /// <summary>How many remote images the HTML of <paramref name="entry"/> holds back.</summary>
    public static int BlockedImages(JournalEntry entry) =>
        entry.Mail?.HtmlBody is { } html ? MailHtmlSanitizer.Sanitize(html, new Dictionary<string, MailAttachment>(), allowRemoteImages: false).BlockedRemoteImages : 0;

    public static string DeliveryText(DeliveryState state) => state switch
    {
        DeliveryState.Queued => "queued",
        DeliveryState.Sending => "sending",
        DeliveryState.Sent => "sent",
        _ => "failed",
    };

    public static string StatusText(RecordStatus status) => RecordStatusText.Of(status);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };

    private static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");

    private static List<string> FromOptions(Account account, string? userAddress)
    {
        var choices = new List<string>();
        void Add(string? address)
        {
            if (!string.IsNullOrWhiteSpace(address) && !choices.Contains(address, StringComparer.OrdinalIgnoreCase))
            {
                choices.Add(address);
            }
        }

        Add(account.From.DefaultAddress);
        foreach (var address in account.From.LegalAddresses)
        {
            Add(address);
        }

        if (account.From.AllowUserAddress)
        {
            Add(userAddress);
        }

        if (choices.Count == 0)
        {
            try
            {
                Add(FromPolicy.Resolve(account, null, userAddress));
            }
            catch (ValidationException)
            {
                // No From can be had without one typed in; the policy says so when the form is sent.
            }
        }

        return choices;
    }

    private string Author => RecordWorkflow.Author(User.FindFirst(System.Security.Claims.ClaimTypes.GivenName)?.Value, User.Identity?.Name);

    // A workflow change: done, then back to the page (post, redirect, get); refused, the page again with the problem.
    private async Task<IActionResult> ChangeAsync(long number, Func<long, Task<Record>> change, Func<Record, string> notice, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(number, null, cancellationToken))
        {
            return NotFound();
        }

        try
        {
            var changed = await change(Record.Id);
            Notice = notice(changed);
            return Redirect($"/records/{number}#workflow");
        }
        catch (ValidationException e)
        {
            foreach (var problem in e.Problems)
            {
                if (!_problems.TryGetValue(problem.Field, out var list))
                {
                    _problems[problem.Field] = list = [];
                }

                list.Add(problem.Message);
            }

            Input = ReplyDraft.For(Record, ReplyDraft.DefaultAnswered(Journal), Account, User.Identity?.Name);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long number, string? accountName, CancellationToken cancellationToken)
    {
        var record = await records.GetByNumberAsync(number, cancellationToken);
        if (record is null)
        {
            return false;
        }

        Record = record;
        Journal = await journal.ListForRecordAsync(record.Id, cancellationToken);
        Accounts = (await accounts.ListAsync(cancellationToken)).Where(a => a.AvailableToUsers).ToList();
        OwnAccounts = User.Identity?.Name is { Length: > 0 } me ? await accounts.ListPersonalAccountsAsync(me, cancellationToken) : [];
        var (name, own) = ReplyAccountChoice.Parse(accountName);
        Account = (own ? OwnAccounts : Accounts).FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? Accounts.FirstOrDefault() ?? OwnAccounts.FirstOrDefault();
        Assignees = (await users.ListAsync(cancellationToken)).Where(u => !u.IsDisabled).ToList();
        FollowsUpNumber = record.FollowsUpRecordId is { } earlier ? (await records.GetAsync(earlier, cancellationToken))?.Number : null;
        ViewData["Title"] = $"Incident {record.Number}";
        return true;
    }
}
