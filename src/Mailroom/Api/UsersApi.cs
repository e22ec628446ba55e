using Mailroom.Users;

namespace Mailroom.Api;

/// <summary>
/// <c>/api/users</c> for administrator tokens: list, add, disable, enable, change role, reset a password, delete,
/// with the checks and words of <c>mailroom users</c> (the last active administrator stays). Passwords go in, never out.
/// </summary>
internal static class UsersApi
{
    public sealed record AddUserInput(string? Address, string? DisplayName, string? Role, string? Password);

    public sealed record RoleInput(string? Role);

    public sealed record PasswordInput(string? Password);

    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", async (UserDirectory directory, CancellationToken ct) =>
            TypedResults.Ok((await directory.Store.ListAsync(ct)).Select(UserSummary.From)));

        users.MapPost("/", (AddUserInput input, UserDirectory directory, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var user = await directory.AddAsync(input.Address ?? "", input.DisplayName, UserRoles.Parse(input.Role), input.Password ?? "", ct);
            return TypedResults.Created($"/api/users/{Uri.EscapeDataString(user.Address)}", UserSummary.From(user));
        })).WithSummary("Add a user: address, displayName, role (agent or administrator), password");

        users.MapPost("/{address}/disable", (string address, UserDirectory directory, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            await directory.SetDisabledAsync(address, true, ct);
            return TypedResults.Ok(UserSummary.From(await directory.GetAsync(address, ct)));
        })).WithSummary("Disable a user: their sessions end at once; the last active administrator cannot be disabled");

        users.MapPost("/{address}/enable", (string address, UserDirectory directory, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            await directory.SetDisabledAsync(address, false, ct);
            return TypedResults.Ok(UserSummary.From(await directory.GetAsync(address, ct)));
        }));

        users.MapPut("/{address}/role", (string address, RoleInput input, UserDirectory directory, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            await directory.SetRoleAsync(address, UserRoles.Parse(input.Role), ct);
            return TypedResults.Ok(UserSummary.From(await directory.GetAsync(address, ct)));
        })).WithSummary("Change a user's role; the last active administrator cannot be demoted");

        users.MapPost("/{address}/reset-password", (string address, PasswordInput input, UserDirectory directory, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            if (string.IsNullOrEmpty(input.Password))
            {
                return ApiResults.Invalid([new Core.Validation.ValidationProblem("password", "give the temporary password to tell the user; they choose their own at the next sign-in.")]);
            }

            await directory.ResetPasswordAsync(address, input.Password, ct);
            return TypedResults.Ok(UserSummary.From(await directory.GetAsync(address, ct)));
        })).WithSummary("Reset a password to a temporary one; the user must choose a new one at the next sign-in");

        users.MapDelete("/{address}", (string address, UserDirectory directory, System.Security.Claims.ClaimsPrincipal who, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            await directory.DeleteAsync(address, "api:" + (who.Identity?.Name ?? "token"), ct);
            return TypedResults.NoContent();
        })).WithSummary("Delete a user; their journal entries keep their name, their records become unassigned");
        return api;
    }
}
