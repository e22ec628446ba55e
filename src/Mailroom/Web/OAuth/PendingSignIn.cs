namespace Mailroom.Web.OAuth;

/// <summary>
/// What the callback of an authorization-code sign-in needs from the request that started it: the <c>state</c> to
/// check, the PKCE verifier, whose sign-in it is and where to go back. It travels in a cookie protected (encrypted and
/// signed, with an expiry) by Data Protection, so any node sharing the key ring can take the callback.
/// </summary>
internal sealed record PendingSignIn(string State, string CodeVerifier, long AccountId, string? UserAddress, string RedirectUri, string ReturnUrl);
