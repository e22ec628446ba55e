using Mailroom.Core.Accounts;
using Mailroom.Data.OAuth;

namespace Mailroom.Engine.OAuth;

/// <summary>
/// Whether an OAuth 2.0 account's sign-in works, for every view of the account (command, pages, API): one home for
/// the words, so they read the same everywhere.
/// </summary>
/// <param name="State"><c>ok</c>, or <c>sign-in-needed</c>.</param>
/// <param name="Reason">Why a sign-in is needed: the provider's words, or that nobody has signed in yet.</param>
/// <param name="Since">When the state was set (null when nothing was ever kept).</param>
public sealed record SignInStatus(string State, string? Reason, DateTimeOffset? Since)
{
    public const string Ok = "ok";

    public const string SignInNeeded = "sign-in-needed";

    public bool NeedsSignIn => State == SignInNeeded;

    /// <summary>For people: <c>ok</c>, or <c>sign-in needed: reason</c>.</summary>
    public override string ToString() => NeedsSignIn ? $"sign-in needed: {Reason}" : "ok";

    /// <summary>The status of the account's own sign-in, or a user's; null for an account that signs in with a password.</summary>
    public static SignInStatus? Of(Account account, OAuthSignInState? kept)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.OAuth is not { } oauth)
        {
            return null;
        }

        if (kept is { SignInNeeded: true })
        {
            return new(SignInNeeded, kept.Reason, kept.Since);
        }

        if (oauth.Flow != OAuthFlow.ClientCredentials && kept is not { HasRefreshToken: true })
        {
            return new(SignInNeeded, oauth.Flow == OAuthFlow.DeviceCode
                ? $"nobody has signed in yet: run `mailroom accounts sign-in \"{account.Name}\"`"
                : "nobody has signed in yet: use \"Sign in\" on the account's page", kept?.Since);
        }

        return new(Ok, null, kept?.Since);
    }

    /// <summary>Reads the account's own sign-in from the store.</summary>
    public static async Task<SignInStatus?> ForAsync(OAuthTokenStore store, Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(account);
        return account.OAuth is null ? null : Of(account, await store.GetStateAsync(account.Id, null, cancellationToken));
    }
}
