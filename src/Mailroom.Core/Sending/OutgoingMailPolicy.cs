using System.Text;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Sending;

/// <summary>
/// Every rule a message must meet before it is queued, checked at once so the agent sees all problems together:
/// the account may be used, the From is allowed, the recipients are addresses, no header text holds a line break,
/// there is a body and it is within the limits.
/// </summary>
public static class OutgoingMailPolicy
{
    /// <summary>Checks <paramref name="request"/> against <paramref name="account"/>; returns the From to use.</summary>
    /// <exception cref="ValidationException">Every problem found, each naming its field.</exception>
    public static string Check(OutgoingMailRequest request, Account account, SendingOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ValidationProblem>();

        if (account.Owner is { } owner)
        {
            // A personal account is its owner's alone, whatever its settings say about other users.
            if (!string.Equals(owner, request.SenderUser?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ValidationProblem("account", $"account '{account.Name}' is another user's personal account; only its owner sends through it."));
            }
        }
        else if (!account.AvailableToUsers && !request.IsSystem)
        {
            problems.Add(new ValidationProblem("account", $"account '{account.Name}' is not available to users; only the system sends through it. Pick an account available to users."));
        }

        if (request.To.Count == 0)
        {
            problems.Add(new ValidationProblem("to", "a message needs at least one To address."));
        }

        CheckAddresses("to", request.To, problems);
        CheckAddresses("cc", request.Cc, problems);
        CheckAddresses("bcc", request.Bcc, problems);

        HeaderInput.Check("subject", request.Subject, problems);
        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            problems.Add(new ValidationProblem("subject", "a message needs a subject."));
        }

        if (request.TextBody is null && request.HtmlBody is null)
        {
            problems.Add(new ValidationProblem("body", "a message needs a text or an HTML body."));
        }

        long bodyBytes = Encoding.UTF8.GetByteCount(request.TextBody ?? "") + Encoding.UTF8.GetByteCount(request.HtmlBody ?? "");
        if (bodyBytes > options.MaxBodyBytes)
        {
            problems.Add(new ValidationProblem("body", $"the body is {bodyBytes:N0} bytes; the limit is {options.MaxBodyBytes:N0} bytes (Mailroom:Sending:MaxBodyBytes)."));
        }

        var attachmentBytes = request.Attachments.Sum(a => (long)a.Content.Length);
        if (attachmentBytes > options.MaxAttachmentBytes)
        {
            problems.Add(new ValidationProblem("attach", $"the attachments come to {attachmentBytes:N0} bytes; the limit is {options.MaxAttachmentBytes:N0} bytes (Mailroom:Sending:MaxAttachmentBytes)."));
        }

        foreach (var attachment in request.Attachments)
        {
            HeaderInput.Check("attach", attachment.FileName, problems);
        }

        string? from = null;
        try
        {
            from = FromPolicy.Resolve(account, request.From, request.SenderUser);
        }
        catch (ValidationException e)
        {
            problems.AddRange(e.Problems);
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        return from!;
    }

    private static void CheckAddresses(string field, IReadOnlyList<string> addresses, List<ValidationProblem> problems)
    {
        foreach (var address in addresses)
        {
            var before = problems.Count;
            HeaderInput.Check(field, address, problems);
            if (problems.Count == before && !EmailAddressSyntax.IsValid(address?.Trim()))
            {
                problems.Add(new ValidationProblem(field, $"'{address}' is not an e-mail address (want name@domain)."));
            }
        }
    }
}
