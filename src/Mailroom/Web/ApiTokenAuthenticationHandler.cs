using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Mailroom.Data.Users;
using Mailroom.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Mailroom.Web;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> for the API. Tokens are made by administrators and act with the role
/// each was given (agent or administrator); a missing token is "no result" (401 on challenge), a wrong, revoked or
/// expired one a failure.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = await tokens.AuthenticateAsync(header["Bearer ".Length..], Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, token.CreatedBy),
                new Claim(ClaimTypes.Role, token.Role.ToString()),
                new Claim(MailroomPolicies.TokenIdClaim, token.Id.ToString(CultureInfo.InvariantCulture)),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
