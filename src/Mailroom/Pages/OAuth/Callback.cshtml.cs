using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Engine.OAuth;
using Mailroom.Mail.OAuth;
using Mailroom.Web.OAuth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Secret = Mailroom.Core.Accounts.Secret;

namespace Mailroom.Pages.OAuth;

/// <summary>
/// Mailroom's redirect URL (<c>/oauth/callback</c>): the provider sends the person back here with a code. The
/// <c>state</c> must match the pending sign-in's, the code is redeemed with its PKCE verifier, and the refresh token
/// is kept sealed. Anonymous on purpose: the sign-in cookie is SameSite=Strict and does not come with a navigation
/// from the provider's site; the protected pending-sign-in cookie stands in for it (see <see cref="PendingSignInCookie"/>).
/// </summary>
[AllowAnonymous]
public sealed class OAuthCallbackModel(AccountStore accounts, OAuthSignIn signIn, IDataProtectionProvider protection) : PageModel
{
    public bool SignedIn { get; private set; }

    public string Message { get; private set; } = "";

    public string ReturnUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error, [FromQuery(Name = "error_description")] string? errorDescription, CancellationToken cancellationToken)
    {
        var pending = PendingSignInCookie.Read(Request, protection);
        if (pending is null)
        {
            return Refuse("This sign-in is unknown or older than ten minutes. Start it again from the account's page.");
        }

        ReturnUrl = pending.ReturnUrl;
        if (!string.Equals(state, pending.State, StringComparison.Ordinal))
        {
            // Not the answer to the sign-in this browser started (a forged or replayed callback): nothing is redeemed.
            return Refuse("state: the answer does not belong to the sign-in started here. Start it again from the account's page.");
        }

        PendingSignInCookie.Delete(Response);
        if (error is not null)
        {
            return Refuse($"The identity platform did not sign you in: {error}{(errorDescription is null ? "" : ": " + errorDescription)}");
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            return Refuse("code: the identity platform sent no code back. Start the sign-in again.");
        }

        Account account;
        try
        {
            account = await accounts.GetAsync(pending.AccountId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return Refuse("The account was deleted while you were signing in.");
        }

        try
        {
            var tokens = await signIn.FinishAuthorizationAsync(account, pending.UserAddress, code, new Secret(pending.CodeVerifier), new Uri(pending.RedirectUri), cancellationToken);
            SignedIn = true;
            Message = $"Signed in to '{account.Name}'{(pending.UserAddress is null ? "" : " for " + pending.UserAddress)}."
                + (tokens.RefreshToken is null ? " The provider gave no refresh token, so you will have to sign in again when this access token ends (Microsoft needs offline_access among the scopes; Google needs consent)." : "");
            return Page();
        }
        catch (OAuthException e)
        {
            return Refuse(e.Message);
        }
    }

    private PageResult Refuse(string message)
    {
        Message = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
