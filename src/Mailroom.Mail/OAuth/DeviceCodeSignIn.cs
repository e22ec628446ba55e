using Mailroom.Core.Accounts;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// A started device-code sign-in (RFC 8628): show <see cref="VerificationUri"/> and <see cref="UserCode"/> to the
/// person (or the provider's own <see cref="Message"/>), then poll with <see cref="OAuthTokenClient.PollDeviceCodeAsync"/>.
/// </summary>
/// <param name="UserCode">The short code the person types on the verification page.</param>
/// <param name="VerificationUri">The page where the person signs in and types the code.</param>
/// <param name="DeviceCode">The code the poll sends; not for showing.</param>
/// <param name="ExpiresAt">When the codes stop working; after it nobody can finish this sign-in.</param>
/// <param name="Interval">How long to wait between polls, as the provider asked (5 s when it did not say).</param>
/// <param name="Message">The provider's own instruction text, when it sent one.</param>
public sealed record DeviceCodeSignIn(string UserCode, Uri VerificationUri, Secret DeviceCode, DateTimeOffset ExpiresAt, TimeSpan Interval, string? Message);
