using System.Security.Claims;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.OAuth;
using Mailroom.Engine.OAuth;
using Mailroom.Mail;
using Mailroom.Shapes;

namespace Mailroom.Api;

/// <summary>
/// <c>/api/accounts</c>: list, show, create, edit, copy, delete and test, through the same store and validation as
/// the command and the pages. Responses are <c>accounts show --json</c>'s view: whether a secret is set, never it.
/// </summary>
internal static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Accounts");

        accounts.MapGet("/", async (AccountStore store, OAuthTokenStore tokens, CancellationToken ct) =>
        {
            var kept = (await tokens.ListStatesAsync(ct)).Where(s => s.UserAddress.Length == 0).ToDictionary(s => s.AccountId);
            return TypedResults.Ok((await store.ListAsync(ct)).Select(a => AccountView.From(a) with { SignIn = SignInStatus.Of(a, kept.GetValueOrDefault(a.Id)) }));
        });

        accounts.MapGet("/{name}", (string name, AccountStore store, OAuthTokenStore tokens, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var account = await store.GetAsync(name, ct);
            return TypedResults.Ok(AccountView.From(account) with { SignIn = await SignInStatus.ForAsync(tokens, account, ct) });
        }));

        accounts.MapPost("/", (AccountInput input, AccountStore store, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var problems = new List<ValidationProblem>();
            var account = input.ToNewAccount(problems);
            if (account is null || problems.Count > 0)
            {
                return ApiResults.Invalid(account is null ? problems : [.. problems, .. AccountValidator.Validate(account)]);
            }

            var added = await store.AddAsync(account, Actor(user), ct);
            return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(added.Name)}", AccountView.From(added));
        }));

        accounts.MapPatch("/{name}", (string name, AccountInput input, AccountStore store, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            if (input.Type is not null)
            {
                return ApiResults.Invalid([new ValidationProblem(AccountFields.Type, "cannot be changed; copy the settings into a new account of the other type")]);
            }

            var stored = await store.GetAsync(name, ct);
            var problems = new List<ValidationProblem>();
            var changed = input.ApplyTo(stored with { Version = input.Version ?? stored.Version }, problems);
            if (problems.Count > 0)
            {
                return ApiResults.Invalid([.. problems, .. AccountValidator.Validate(changed)]);
            }

            return TypedResults.Ok(AccountView.From(await store.UpdateAsync(changed, Actor(user), ct)));
        }));

        accounts.MapPost("/{name}/copy", (string name, CopyRequest request, AccountStore store, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var copy = await store.CopyAsync(name, request.Name ?? "", Actor(user), ct);
            return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(copy.Name)}", AccountView.From(copy));
        }));

        accounts.MapDelete("/{name}", (string name, bool? keepUserAccounts, AccountStore store, ClaimsPrincipal user, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var kept = await store.DeleteAsync(name, keepUserAccounts ?? false, Actor(user), ct);
            return TypedResults.Ok(new { deleted = name, keptUserAccounts = kept });
        }));

        accounts.MapPost("/{name}/test", (string name, TestRequest request, AccountStore store, IServiceProvider services, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            if (!AddressSpec.IsValid(request.Recipient))
            {
                return ApiResults.Invalid([new ValidationProblem("recipient", $"must be the e-mail address the test message goes to, not '{request.Recipient}'")]);
            }

            var tester = services.GetService<IAccountTester>();
            if (tester is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Test Account is not available", detail: "This installation has no mail transports registered.");
            }

            var report = await tester.TestAsync(await store.GetAsync(name, ct), request.Recipient!, ct);
            return TypedResults.Ok(new { passed = report.Passed, steps = report.Steps });
        }));

        return api;
    }

    private static string Actor(ClaimsPrincipal user) => "api:" + (user.Identity?.Name ?? "token");

    internal sealed record CopyRequest(string? Name);

    internal sealed record TestRequest(string? Recipient);
}
