namespace Mailroom.Data.OAuth;

/// <summary>For the account views: whether an account's (or a user's) OAuth sign-in works, and if not, why.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="UserAddress">Empty for the account's own sign-in.</param>
/// <param name="SignInNeeded">True when a person must sign in again before mail moves.</param>
/// <param name="Reason">The provider's words (<c>invalid_grant: AADSTS70008: ...</c>), or why nobody can renew.</param>
/// <param name="Since">When the state was set.</param>
/// <param name="HasRefreshToken">Whether someone has signed in (a delegated account without one was never signed in).</param>
public sealed record OAuthSignInState(long AccountId, string UserAddress, bool SignInNeeded, string? Reason, DateTimeOffset? Since, bool HasRefreshToken);
