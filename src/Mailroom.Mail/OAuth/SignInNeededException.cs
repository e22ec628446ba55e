namespace Mailroom.Mail.OAuth;

/// <summary>
/// No access token can be had until a person signs in again: the refresh token was revoked or expired, the client
/// secret expired, consent was withdrawn, or nobody has signed in yet. The account shows "sign-in needed" with
/// <see cref="OAuthException.Description"/>; its monitor waits and its outbox keeps mail queued, nothing lost.
/// </summary>
public sealed class SignInNeededException : OAuthException
{
    public SignInNeededException(string message, string? error = null, string? description = null, Exception? inner = null)
        : base(message, error, description, isTransient: false, inner)
    {
    }
}
