using System.CommandLine;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Engine.OAuth;
using Mailroom.Mail.OAuth;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom accounts sign-in NAME [--user ADDRESS]</c>: the device-code sign-in of an OAuth 2.0 account. Prints the
/// page and the code, waits until the person finished there, and keeps the refresh token sealed. Exit 0 signed in;
/// 2 the account does not sign in this way (each problem as <c>field: message</c>); 3 no such account; 1 the provider
/// refused, the person declined, or the code expired (with the provider's words).
/// </summary>
internal static class AccountsSignInCommand
{
    public static Command Create()
    {
        var name = AccountsCommand.NameArgument();
        var user = new Option<string?>("--user")
        {
            Description = "Sign in as this user for themselves (the account's credentials padlock must be open); without it, the account's own sign-in",
        };
        var json = AccountsCommand.JsonOption();
        var command = new Command("sign-in", "Sign in to an OAuth 2.0 account with a code shown here (device code), keeping its refresh token sealed") { name, user, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var account = await context.Get<AccountStore>().GetAsync(context.GetValue(name)!, ct);
            var address = context.GetValue(user)?.Trim();
            Check(account, address);
            var signIn = context.Get<OAuthSignIn>();
            DeviceCodeSignIn started;
            try
            {
                started = await signIn.StartDeviceCodeAsync(account, ct);
            }
            catch (OAuthException e)
            {
                await context.Error.WriteLineAsync(e.Message);
                return ExitCodes.Failed;
            }

            // Standard error for the instructions, so --json keeps standard output to the one result object.
            var instructions = context.GetValue(json) ? context.Error : context.Out;
            await instructions.WriteLineAsync($"To sign in, open {started.VerificationUri} and enter the code {started.UserCode}");
            await instructions.WriteLineAsync($"(the code works until {started.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; waiting...)");
            await instructions.FlushAsync(ct);
            OAuthTokens tokens;
            try
            {
                tokens = await signIn.FinishDeviceCodeAsync(account, address, started, ct);
            }
            catch (OAuthException e)
            {
                await context.Error.WriteLineAsync(e.Message);
                return ExitCodes.Failed;
            }

            var refresh = tokens.RefreshToken is not null;
            if (context.GetValue(json))
            {
                context.WriteJson(new { account.Name, User = address, SignedIn = true, RefreshTokenKept = refresh, AccessTokenExpiresAt = tokens.AccessToken.ExpiresAt });
            }
            else
            {
                await context.Out.WriteLineAsync($"Signed in to '{account.Name}'{(address is null ? "" : " for " + address)}; access token valid until {tokens.AccessToken.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.");
            }

            if (!refresh)
            {
                context.Warn("scope", "the provider gave no refresh token, so a person must sign in again when this access token ends; Microsoft needs offline_access among the scopes.");
            }

            return ExitCodes.Done;
        });
        return command;
    }

    /// <summary>Every reason the account cannot sign in this way, at once.</summary>
    private static void Check(Account account, string? user)
    {
        var problems = new List<ValidationProblem>();
        if (account.OAuth is not { } oauth)
        {
            problems.Add(new("auth", $"the account '{account.Name}' signs in with a password; set --auth oauth2 with `mailroom accounts edit` first."));
        }
        else if (oauth.Flow != OAuthFlow.DeviceCode)
        {
            problems.Add(new("oauth-flow", oauth.Flow == OAuthFlow.ClientCredentials
                ? $"the account '{account.Name}' uses client credentials: nobody signs in, its client secret or certificate buys each token."
                : $"the account '{account.Name}' uses the authorization-code flow: sign in with \"Sign in\" on the account's page, or set --oauth-flow device-code."));
        }

        if (user is not null)
        {
            if (!MimeKit.MailboxAddress.TryParse(user, out var parsed) || !parsed.Address.Contains('@', StringComparison.Ordinal))
            {
                problems.Add(new("user", $"'{user}' is not an e-mail address."));
            }
            else if (account.Padlocks.CredentialsLocked)
            {
                problems.Add(new("user", $"the credentials padlock of '{account.Name}' is locked, so users cannot sign in for themselves; sign in without --user."));
            }
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }
    }
}
