using System.CommandLine;
using Mailroom.Commands;
using Mailroom.Data;

var dataDir = new Option<string?>("--data-dir") { Description = "The data directory (env MAILROOM_DATA_DIR, default ./data).", Recursive = true };
var database = new Option<string?>("--database") { Description = "A PostgreSQL connection string (env MAILROOM_DATABASE).", Recursive = true };
DatabaseOptions DatabaseOf(ParseResult p) => DatabaseOptions.FromEnvironment(p.GetValue(dataDir), p.GetValue(database));

var root = new RootCommand("Mailroom: the e-mail side of a service desk.") { dataDir, database };
root.Subcommands.Add(ServeCommand.Create(DatabaseOf));
root.Subcommands.Add(UsersCommand.Create(DatabaseOf));
root.Subcommands.Add(TokensCommand.Create(DatabaseOf));
return await root.Parse(args).InvokeAsync();
