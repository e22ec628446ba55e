using System.CommandLine;
using System.Text.Json;
using Mailroom.Core.Validation;
using Mailroom.Data;
using Mailroom.Data.Users;
using Mailroom.Users;

namespace Mailroom.Commands;

/// <summary><c>mailroom tokens create|list|revoke</c>: API tokens. A token's value is printed once, at creation.</summary>
internal static class TokensCommand
{
    public static Command Create(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var command = new Command("tokens", "API tokens for the HTTP API (Authorization: Bearer TOKEN).");

        var name = new Argument<string>("NAME") { Description = "Who or what uses the token, e.g. 'nightly export'." };
        var role = new Option<string>("--role")
        {
            Description = "agent (records only, the default) or administrator (everything, accounts and users included).",
            DefaultValueFactory = _ => "agent",
        };
        var expires = new Option<string?>("--expires") { Description = "When it stops working: a duration (30d, 12h) or a UTC date (2027-01-31); default never." };
        var create = new Command("create", "Create a token and print it once; only its hash is kept.") { name, role, expires };
        create.SetAction(async (parseResult, ct) =>
        {
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(databaseOptions(parseResult), ct);
            try
            {
                var tokenRole = UserRoles.Parse(parseResult.GetValue(role));
                var expiresAt = ApiTokenService.ParseExpiry(parseResult.GetValue(expires), DateTimeOffset.UtcNow);
                var (token, value) = await new ApiTokenService(new ApiTokenStore(database, TimeProvider.System)).CreateAsync(parseResult.GetValue(name)!, "command line", tokenRole, expiresAt, ct);
                Console.Error.WriteLine($"Created {UserRoles.Text(token.Role)} API token {token.Id} '{token.Name}'{(token.ExpiresAt is { } at ? $", valid until {at:u}" : "")}. It is shown only now; keep it somewhere safe:");
                Console.Out.WriteLine(value);
                return 0;
            }
            catch (ValidationException e)
            {
                return CommandOutput.Invalid(e.Problems);
            }
        });

        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List tokens (never their values).") { json };
        list.SetAction(async (parseResult, ct) =>
        {
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(databaseOptions(parseResult), ct);
            var tokens = await new ApiTokenStore(database, TimeProvider.System).ListAsync(ct);
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(tokens, CommandOutput.Json));
                return 0;
            }

            foreach (var t in tokens)
            {
                var state = t.RevokedAt is { } revoked ? $"revoked {revoked:u}" : t.LastUsedAt is { } used ? $"last used {used:u}" : "never used";
                var expiry = t.ExpiresAt is { } at ? $"; {(t.IsExpired(DateTimeOffset.UtcNow) ? "expired" : "expires")} {at:u}" : "";
                Console.Out.WriteLine($"{t.Id,4}  {UserRoles.Text(t.Role),-13}  {t.Name}  (created {t.CreatedAt:u} by {t.CreatedBy}; {state}{expiry})");
            }

            return 0;
        });

        var id = new Argument<long>("ID") { Description = "The token's id, as 'tokens list' shows it." };
        var revoke = new Command("revoke", "Revoke a token: requests carrying it are refused from now on.") { id };
        revoke.SetAction(async (parseResult, ct) =>
        {
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(databaseOptions(parseResult), ct);
            var tokenId = parseResult.GetValue(id);
            if (!await new ApiTokenStore(database, TimeProvider.System).RevokeAsync(tokenId, ct))
            {
                Console.Error.WriteLine($"id: no active API token has the id {tokenId}.");
                return CommandOutput.NotFound;
            }

            Console.Out.WriteLine($"Revoked API token {tokenId}.");
            return 0;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }
}
