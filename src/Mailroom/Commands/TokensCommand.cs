using System.CommandLine;
using Mailroom.Data.Users;
using Mailroom.Users;
using Mailroom.Web;

namespace Mailroom.Commands;

/// <summary><c>mailroom tokens create|list|revoke</c>: API tokens. A token's value is printed once, at creation.</summary>
internal static class TokensCommand
{
    public static Command Create()
    {
        var command = new Command("tokens", "API tokens for the HTTP API (Authorization: Bearer TOKEN).");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        return command;
    }

    private static Command CreateCreate()
    {
        var name = new Argument<string>("NAME") { Description = "Who or what uses the token, e.g. 'nightly export'." };
        var role = new Option<string>("--role")
        {
            Description = "agent (records only, the default) or administrator (everything, accounts and users included).",
            DefaultValueFactory = _ => "agent",
        };
        var expires = new Option<string?>("--expires") { Description = "When it stops working: a duration (30d, 12h) or a UTC date (2027-01-31); default never." };
        var create = new Command("create", "Create a token and print it once; only its hash is kept.") { name, role, expires };
        CommandRunner.SetAction(create, async (context, ct) =>
        {
            var tokens = context.Get<ApiTokenService>();
            var tokenRole = UserRoles.Parse(context.GetValue(role));
            var expiresAt = tokens.ParseExpiry(context.GetValue(expires));
            var (token, value) = await tokens.CreateAsync(context.GetValue(name)!, "command line", tokenRole, expiresAt, ct);
            await context.Error.WriteLineAsync($"Created {UserRoles.Text(token.Role)} API token {token.Id} '{token.Name}'{(token.ExpiresAt is { } at ? $", valid until {at:u}" : "")}. It is shown only now; keep it somewhere safe:");
            await context.Out.WriteLineAsync(value);
            return ExitCodes.Done;
        }, AddUsers);
        return create;
    }

    private static Command CreateList()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List tokens (never their values).") { json };
        CommandRunner.SetAction(list, async (context, ct) =>
        {
            var tokens = context.Get<ApiTokenService>();
            var listed = await tokens.Store.ListAsync(ct);
            if (context.GetValue(json))
            {
                context.WriteJson(listed);
                return ExitCodes.Done;
            }

            foreach (var t in listed)
            {
                var state = t.RevokedAt is { } revoked ? $"revoked {revoked:u}" : t.LastUsedAt is { } used ? $"last used {used:u}" : "never used";
                var expiry = t.ExpiresAt is { } at ? $"; {(tokens.IsExpired(t) ? "expired" : "expires")} {at:u}" : "";
                await context.Out.WriteLineAsync($"{t.Id,4}  {UserRoles.Text(t.Role),-13}  {t.Name}  (created {t.CreatedAt:u} by {t.CreatedBy}; {state}{expiry})");
            }

            return ExitCodes.Done;
        }, AddUsers);
        return list;
    }

    private static Command CreateRevoke()
    {
        var id = new Argument<long>("ID") { Description = "The token's id, as 'tokens list' shows it." };
        var revoke = new Command("revoke", "Revoke a token: requests carrying it are refused from now on.") { id };
        CommandRunner.SetAction(revoke, async (context, ct) =>
        {
            var tokenId = context.GetValue(id);
            if (!await context.Get<ApiTokenStore>().RevokeAsync(tokenId, ct))
            {
                await context.Error.WriteLineAsync($"id: no active API token has the id {tokenId}.");
                return ExitCodes.NotFound;
            }

            await context.Out.WriteLineAsync($"Revoked API token {tokenId}.");
            return ExitCodes.Done;
        });
        return revoke;
    }

    /// <summary>The token service lives with the users, which the web host registers; the commands add the same.</summary>
    private static void AddUsers(IServiceCollection services) => services.AddMailroomUsers();
}
