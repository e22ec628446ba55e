using Mailroom.Core.Sending;
using Mailroom.Core.Validation;
using Mailroom.Data.Outbox;

namespace Mailroom.Engine.Sending;

/// <summary>
/// Queues a reply through <see cref="RecordMailer"/>, the service <c>mailroom send</c> uses, for the page and the
/// API alike, so both show the same messages under the same field names. A missing record stays an exception (404);
/// an unknown account or answered mail is a problem with that field.
/// </summary>
internal static class ReplySender
{
    public const string AccountField = "account";

    public const string InReplyToField = "in-reply-to";

    public static async Task<(OutboxQueued? Queued, IReadOnlyList<ValidationProblem> Problems)> QueueAsync(
        RecordMailer mailer, OutgoingMailRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Account))
        {
            return (null, [new ValidationProblem(AccountField, "choose the account the message goes out through.")]);
        }

        try
        {
            return (await mailer.QueueAsync(request, cancellationToken), []);
        }
        catch (ValidationException e)
        {
            return (null, e.Problems);
        }
        catch (NotFoundException e) when (e.Kind == "account")
        {
            return (null, [new ValidationProblem(AccountField, request.OwnAccount
                ? $"you have no personal account named '{request.Account}'."
                : $"there is no account named '{request.Account}'.")]);
        }
        catch (NotFoundException e) when (e.Kind != "record")
        {
            return (null, [new ValidationProblem(InReplyToField, $"the answered mail {request.InReplyToEntryId} is not on this record.")]);
        }
    }

    /// <summary>Blank text is no body at all, so an empty reply is refused rather than sent.</summary>
    public static string? Body(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
