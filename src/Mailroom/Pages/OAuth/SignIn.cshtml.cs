using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Users;
using Mailroom.Engine.OAuth;
using Mailroom.Mail.OAuth;
using Mailroom.Web.OAuth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.OAuth;

/// <summary>
/// "Sign in with Microsoft / Google / ..." (authorization code with PKCE): sends the person to the provider with a
/// fresh <c>state</c> and code challenge, the verifier kept in a protected cookie for the callback. An administrator
/// signs in for the account itself; any user may sign in for themselves where the credentials padlock is open.
/// </summary>
public sealed class OAuthSignInModel(AccountStore accounts, OAuthSignIn signIn, IDataProtectionProvider protection) : PageModel
{
    public string? Problem { get; private set; }

    /// <summary>
    /// A GET, not a form post: the page's Content-Security-Policy (<c>form-action 'self'</c>) stops a form whose answer
    /// redirects to another site, as this one must. It changes nothing but a cookie, and a cross-site request is refused
    /// twice over: the sign-in cookie is SameSite=Strict, and the browser's <c>Sec-Fetch-Site</c> is checked.
    /// </summary>
    /// <param name="account">The account's id.</param>
    /// <param name="forMe">Sign in as the current user for themselves, rather than for the account.</param>
    /// <param name="cancellationToken">Ends the request.</param>
    public async Task<IActionResult> OnGetAsync(long account, bool forMe, CancellationToken cancellationToken)
    {
        if (Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return Refuse("Start the sign-in from the account's page in Mailroom.");
        }

        Account found;
        try
        {
            found = await accounts.GetAsync(account, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        var me = User.Identity?.Name ?? "";
        var admin = User.IsInRole(nameof(UserRole.Administrator));
        if (forMe ? found.Padlocks.CredentialsLocked : !admin)
        {
            return Forbid();
        }

        if (found.OAuth is not { Flow: OAuthFlow.AuthorizationCode })
        {
            return Refuse($"The account '{found.Name}' does not sign in with the authorization-code flow, so there is nothing to sign in to here.");
        }

        var redirect = new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}/oauth/callback");
        OAuthAuthorizationRequest request;
        try
        {
            request = signIn.BeginAuthorization(found, redirect, forMe ? me : found.Credentials.User);
        }
        catch (OAuthException e)
        {
            return Refuse(e.Message);
        }

        var back = forMe ? $"/personal/{found.Id}" : $"/options/accounts/{found.Id}/info";
        PendingSignInCookie.Write(Response, protection,
            new PendingSignIn(request.State, request.CodeVerifier.Reveal(), found.Id, forMe ? me : null, redirect.ToString(), back));
        return Redirect(request.Url.ToString());
    }

    private PageResult Refuse(string problem)
    {
        Problem = problem;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
