using Mailroom.Core.Accounts;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// Hands the transports a working access token for an account that signs in with OAuth 2.0
/// (<see cref="Account.OAuth"/> set). Implemented where the refresh token is kept, so renewal, rotation and the
/// one-node-renews rule live in one place; IMAP, POP3, SMTP and Graph only ask.
/// </summary>
public interface IAccessTokenSource
{
    /// <summary>
    /// A token valid for a while yet: the kept one, or a renewed one when it ends soon.
    /// </summary>
    /// <param name="account">The account as the transport uses it (a user's personal version laid over it, if any).</param>
    /// <param name="userAddress">
    /// Null for the account's own sign-in; a user's address when that user signed in for themselves (the credentials
    /// padlock open).
    /// </param>
    /// <param name="forceRenewal">The server refused the last token: renew, never hand back the kept one.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <exception cref="SignInNeededException">No token without a person signing in again.</exception>
    /// <exception cref="OAuthException">The identity platform failed in a way a later try may mend.</exception>
    Task<AccessToken> GetAsync(Account account, string? userAddress, bool forceRenewal, CancellationToken cancellationToken);
}
