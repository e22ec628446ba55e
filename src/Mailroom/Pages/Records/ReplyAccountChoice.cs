using Mailroom.Core.Accounts;

namespace Mailroom.Pages.Records;

/// <summary>
/// How the reply form names the account a reply goes out through: <c>global:NAME</c> or <c>personal:NAME</c> (the
/// user's own). Both kinds are needed because a personal account's name is unique only among its owner's accounts and
/// may equal a global account's. A bare name, as older links and hand-written posts send it, is a global account.
/// </summary>
internal static class ReplyAccountChoice
{
    public const string GlobalPrefix = "global:";

    public const string PersonalPrefix = "personal:";

    public static string Value(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return (account.Owner is null ? GlobalPrefix : PersonalPrefix) + account.Name;
    }

    /// <summary>The account name a form value stands for, and whether it is the user's own personal account.</summary>
    public static (string Name, bool Own) Parse(string? value)
    {
        value ??= "";
        if (value.StartsWith(PersonalPrefix, StringComparison.Ordinal))
        {
            return (value[PersonalPrefix.Length..], true);
        }

        return (value.StartsWith(GlobalPrefix, StringComparison.Ordinal) ? value[GlobalPrefix.Length..] : value, false);
    }
}
