using Mailroom.Core.Accounts;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// A started authorization-code sign-in: the provider's page to send the person to, and what the callback must be
/// checked against. Keep <see cref="State"/> and <see cref="CodeVerifier"/> server-side (or sealed) until the
/// callback: a callback whose <c>state</c> differs is a forgery and must be refused.
/// </summary>
/// <param name="Url">The provider's authorize URL with every parameter (PKCE S256 challenge included).</param>
/// <param name="State">The random value the callback's <c>state</c> must equal.</param>
/// <param name="CodeVerifier">The PKCE verifier whose hash is in <see cref="Url"/>; sent when the code is redeemed.</param>
/// <param name="RedirectUri">Where the provider sends the person back; the same value must be sent when redeeming.</param>
public sealed record OAuthAuthorizationRequest(Uri Url, string State, Secret CodeVerifier, Uri RedirectUri);
