using System.Globalization;
using Mailroom.Core.Records;
using Mailroom.Core.Validation;
using Mailroom.Data.Records;
using Mailroom.Data.Users;

namespace Mailroom.Workflow;

/// <summary>
/// What an agent does to a record besides mailing: change its status, assign it, write an internal note. The record
/// page, <c>/api/records</c> and <c>mailroom records</c> all come here, so each checks the same things and refuses
/// with the same words; every change lands in the journal with who made it and when.
/// </summary>
public sealed class RecordWorkflow(RecordStore records, UserStore users)
{
    /// <summary>The longest internal note kept; longer text belongs in an attachment.</summary>
    public const int MaxNoteLength = 20_000;

    /// <exception cref="NotFoundException">No record has this id.</exception>
    public async Task<Record> ChangeStatusAsync(long recordId, RecordStatus status, string author, CancellationToken cancellationToken) =>
        await records.ChangeStatusAsync(recordId, status, author, cancellationToken) ?? throw NotFound(recordId);

    /// <summary>Assigns the record to the user with address <paramref name="agent"/>, or to nobody for null, blank or <c>none</c>.</summary>
    /// <exception cref="ValidationException">Field <c>assignee</c>: no active user has that address.</exception>
    /// <exception cref="NotFoundException">No record has this id.</exception>
    public async Task<Record> AssignAsync(long recordId, string? agent, string author, CancellationToken cancellationToken)
    {
        string? address = null;
        if (!string.IsNullOrWhiteSpace(agent) && !string.Equals(agent.Trim(), RecordQuery.Unassigned, StringComparison.OrdinalIgnoreCase))
        {
            var user = await users.FindByAddressAsync(agent, cancellationToken);
            if (user is null || user.IsDisabled)
            {
                throw new ValidationException("assignee", $"no {(user is null ? "" : "active ")}user has the address '{agent.Trim()}'; assign to one of 'mailroom users list', or to none.");
            }

            address = user.Address;
        }

        return await records.AssignAsync(recordId, address, author, cancellationToken) ?? throw NotFound(recordId);
    }

    /// <summary>Adds an internal note: it stays on the journal and is never mailed to anyone.</summary>
    /// <exception cref="ValidationException">Field <c>text</c>: empty or longer than <see cref="MaxNoteLength"/>.</exception>
    /// <exception cref="NotFoundException">No record has this id.</exception>
    public async Task<long> AddNoteAsync(long recordId, string? text, string author, CancellationToken cancellationToken)
    {
        var note = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (note.Length == 0)
        {
            throw new ValidationException("text", "a note needs some text.");
        }

        if (note.Length > MaxNoteLength)
        {
            throw new ValidationException("text", $"the note is {note.Length} characters long; at most {MaxNoteLength} are kept (attach a file to a mail instead).");
        }

        return await records.AddNoteAsync(recordId, note, author, cancellationToken) ?? throw NotFound(recordId);
    }

    /// <summary>How a signed-in person is named in the journal: <c>Name &lt;address&gt;</c>, or the address alone.</summary>
    public static string Author(string? displayName, string? address) =>
        string.IsNullOrWhiteSpace(address) ? displayName ?? "unknown"
        : string.IsNullOrWhiteSpace(displayName) || string.Equals(displayName, address, StringComparison.OrdinalIgnoreCase) ? address
        : $"{displayName} <{address}>";

    private static NotFoundException NotFound(long recordId) => new("record", recordId.ToString(CultureInfo.InvariantCulture));
}
