using System.CommandLine;
using System.Text.Json;
using Mailroom.Core.Monitor;
using Mailroom.Core.Validation;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Shapes;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom monitor items …</c> and <c>mailroom monitor skip …</c>: the ordered items between the fixed Skip
/// (first) and Default (last), and the Skip item's rules.
/// </summary>
internal static class MonitorItemsCommand
{
    private static readonly string[] Parts = ["subject", "body", "from", "to", "cc"];
    private static readonly string[] Matches = ["anywhere", "begins-with", "ends-with"];

    public static Command CreateItems()
    {
        var command = new Command("items", "The monitor's items: Skip first and Default last are fixed; yours run between them in order");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateEdit());
        command.Subcommands.Add(CreateMove());
        command.Subcommands.Add(CreateDelete());
        return command;
    }

    public static Command CreateSkip()
    {
        var command = new Command("skip", "Skip rules: mail matching any of them is not filed (it is still post-processed)");
        var name = AccountsCommand.NameArgument();
        var json = AccountsCommand.JsonOption();
        var list = new Command("list", "List the skip rules") { name, json };
        CommandRunner.SetAction(list, async (context, ct) =>
        {
            var (_, monitor) = await MonitorCommand.GetMonitorAsync(context, context.GetValue(name)!, ct);
            var rules = await context.Get<MonitorStore>().ListSkipRulesAsync(monitor.Id, ct);
            if (context.GetValue(json))
            {
                context.WriteJson(rules.Select(r => new SkipRuleView(r.Id, MonitorItemRules.ParseJson(r.Definition))));
                return ExitCodes.Done;
            }

            foreach (var rule in rules)
            {
                var d = MonitorItemRules.ParseJson(rule.Definition);
                await context.Out.WriteLineAsync($"{rule.Id,5}  {Text(d, "match")} in {Text(d, "part")}: \"{Text(d, "phrase")}\"");
            }

            if (rules.Count == 0)
            {
                await context.Out.WriteLineAsync("No skip rules.");
            }

            return ExitCodes.Done;
        });

        var addName = AccountsCommand.NameArgument();
        var phrase = new Option<string>("--phrase") { Description = "The word or phrase (any case)", Required = true };
        var part = new Option<string>("--in") { Description = "Where to look: subject, body, from, to, cc (default subject)", DefaultValueFactory = _ => "subject" };
        var match = new Option<string>("--match") { Description = "anywhere (default), begins-with, ends-with", DefaultValueFactory = _ => "anywhere" };
        var add = new Command("add", "Add a skip rule") { addName, phrase, part, match };
        CommandRunner.SetAction(add, async (context, ct) =>
        {
            var (_, monitor) = await MonitorCommand.GetMonitorAsync(context, context.GetValue(addName)!, ct);
            var problems = new List<ValidationProblem>();
            var p = context.GetValue(phrase) ?? "";
            if (string.IsNullOrWhiteSpace(p) || p.Length > 500)
            {
                problems.Add(new("phrase", "give a word or phrase of 1-500 characters"));
            }

            var where = (context.GetValue(part) ?? "").Trim().ToLowerInvariant();
            if (!Parts.Contains(where))
            {
                problems.Add(new("in", $"'{where}' is not one of {string.Join(", ", Parts)}"));
            }

            var how = (context.GetValue(match) ?? "").Trim().ToLowerInvariant();
            if (!Matches.Contains(how))
            {
                problems.Add(new("match", $"'{how}' is not one of {string.Join(", ", Matches)}"));
            }

            if (problems.Count > 0)
            {
                throw new ValidationException(problems);
            }

            var rule = await context.Get<MonitorStore>().AddSkipRuleAsync(monitor.Id,
                JsonSerializer.Serialize(new { phrase = p.Trim(), part = where, match = how }), ct);
            await context.Out.WriteLineAsync($"Skip rule {rule.Id} added.");
            return ExitCodes.Done;
        });

        var deleteName = AccountsCommand.NameArgument();
        var id = new Argument<long>("ID") { Description = "The rule's id (see monitor skip list)" };
        var delete = new Command("delete", "Delete a skip rule") { deleteName, id };
        CommandRunner.SetAction(delete, async (context, ct) =>
        {
            var (_, monitor) = await MonitorCommand.GetMonitorAsync(context, context.GetValue(deleteName)!, ct);
            if (!await context.Get<MonitorStore>().DeleteSkipRuleAsync(monitor.Id, context.GetValue(id), ct))
            {
                throw new NotFoundException("skip rule", context.GetValue(id).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            await context.Out.WriteLineAsync("Skip rule deleted.");
            return ExitCodes.Done;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(delete);
        return command;
    }

    private static Command CreateList()
    {
        var name = AccountsCommand.NameArgument();
        var json = AccountsCommand.JsonOption();
        var command = new Command("list", "List the items in the order they are tried") { name, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var (account, monitor) = await MonitorCommand.GetMonitorAsync(context, context.GetValue(name)!, ct);
            var store = context.Get<MonitorStore>();
            var view = MonitorView.Of(account, monitor, await store.ListItemsAsync(monitor.Id, ct), await store.ListSkipRulesAsync(monitor.Id, ct));
            if (context.GetValue(json))
            {
                context.WriteJson(view.Items);
                return ExitCodes.Done;
            }

            foreach (var item in view.Items)
            {
                await context.Out.WriteLineAsync($"{item.Position,3}. {item.Name}{(item.Fixed ? " (fixed)" : $"  (id {item.Id})")}");
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateAdd()
    {
        var name = AccountsCommand.NameArgument();
        var itemName = new Option<string>("--name") { Description = "The item's name, unique in this monitor", Required = true };
        var definition = new Option<string?>("--definition")
        {
            Description = "The item as JSON: conditions [{field, operator, value}], record (any|found|not-found), record-status, "
                + "require-customer, reopen-resolved (default true), follow-up-closed (default true), finding {conversation-id, reply-headers, subject, record-number, record-number-mode, record-number-term}, "
                + "actions [{type: attach|import-attachments|create-record|update-record, ...}]",
        };
        var position = new Option<int?>("--position") { Description = "1 = tried first after Skip (default: last before Default)" };
        var command = new Command("add", "Add an item") { name, itemName, definition, position };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var (_, monitor) = await MonitorCommand.GetMonitorAsync(context, context.GetValue(name)!, ct);
            var store = context.Get<MonitorStore>();
            var (n, d) = await MonitorItemRules.ValidateAsync(store, monitor.Id, context.GetValue(itemName), context.GetValue(definition) ?? "{}", null, ct);
            if (context.GetValue(position) is < 1)
            {
                throw new ValidationException("position", "give a position of 1 or more");
            }

            var item = await store.AddItemAsync(monitor.Id, n!, d!, context.GetValue(position), ct);
            await context.Out.WriteLineAsync($"Item '{item.Name}' added at position {item.Position} (id {item.Id}).");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateEdit()
    {
        var name = AccountsCommand.NameArgument();
        var item = ItemArgument();
        var newName = new Option<string?>("--name") { Description = "A new name" };
        var definition = new Option<string?>("--definition") { Description = "New conditions and actions as JSON" };
        var command = new Command("edit", "Change an item (Default: its settings, e.g. the record it creates)") { name, item, newName, definition };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var (_, monitor) = await MonitorCommand.GetMonitorAsync(context, context.GetValue(name)!, ct);
            var store = context.Get<MonitorStore>();
            var key = context.GetValue(item)!;
            if (key.Equals("Default", StringComparison.OrdinalIgnoreCase))
            {
                if (context.GetValue(newName) is not null)
                {
                    throw new ValidationException("name", "Default keeps its name");
                }

                var (_, d) = await MonitorItemRules.ValidateAsync(store, monitor.Id, null, context.GetValue(definition) ?? "{}", null, ct);
                monitor.DefaultItem = d;
                await store.SaveAsync(monitor, ct);
                await context.Out.WriteLineAsync("Default item saved.");
                return ExitCodes.Done;
            }

            RefuseSkip(key, "edited here; use monitor skip add|delete");
            var existing = await FindItemAsync(store, monitor.Id, key, ct);
            var (n2, d2) = await MonitorItemRules.ValidateAsync(store, monitor.Id, context.GetValue(newName) ?? existing.Name, context.GetValue(definition) ?? existing.Definition, existing.Id, ct);
            await store.UpdateItemAsync(monitor.Id, existing.Id, n2!, d2!, ct);
            await context.Out.WriteLineAsync($"Item '{n2}' saved.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateMove()
    {
        var name = AccountsCommand.NameArgument();
        var item = ItemArgument();
        var position = new Option<int>("--position") { Description = "1 = tried first after Skip", Required = true };
        var command = new Command("move", "Move an item (Skip and Default cannot move)") { name, item, position };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var (_, monitor) = await MonitorCommand.GetMonitorAsync(context, context.GetValue(name)!, ct);
            var key = context.GetValue(item)!;
            RefuseFixed(key, "moved");
            if (context.GetValue(position) < 1)
            {
                throw new ValidationException("position", "give a position of 1 or more");
            }

            var store = context.Get<MonitorStore>();
            var existing = await FindItemAsync(store, monitor.Id, key, ct);
            await store.MoveItemAsync(monitor.Id, existing.Id, context.GetValue(position), ct);
            await context.Out.WriteLineAsync($"Item '{existing.Name}' moved.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateDelete()
    {
        var name = AccountsCommand.NameArgument();
        var item = ItemArgument();
        var command = new Command("delete", "Delete an item (Skip and Default cannot be deleted)") { name, item };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var (_, monitor) = await MonitorCommand.GetMonitorAsync(context, context.GetValue(name)!, ct);
            var key = context.GetValue(item)!;
            RefuseFixed(key, "deleted");
            var store = context.Get<MonitorStore>();
            var existing = await FindItemAsync(store, monitor.Id, key, ct);
            await store.DeleteItemAsync(monitor.Id, existing.Id, ct);
            await context.Out.WriteLineAsync($"Item '{existing.Name}' deleted.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Argument<string> ItemArgument() => new("ITEM") { Description = "The item's name or id" };

    private static void RefuseFixed(string key, string verb)
    {
        if (key.Equals("Skip", StringComparison.OrdinalIgnoreCase) || key.Equals("Default", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("item", $"{key} is fixed (Skip always first, Default always last) and cannot be {verb}");
        }
    }

    private static void RefuseSkip(string key, string verb)
    {
        if (key.Equals("Skip", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("item", $"Skip cannot be {verb}");
        }
    }

    private static async Task<MonitorItemRow> FindItemAsync(MonitorStore store, long monitorId, string key, CancellationToken ct)
    {
        var items = await store.ListItemsAsync(monitorId, ct);
        return items.FirstOrDefault(i => long.TryParse(key, out var id) && i.Id == id)
            ?? items.FirstOrDefault(i => i.Name.Equals(key.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException("monitor item", key);
    }

    private static string Text(JsonElement? element, string property) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var value) ? value.ToString() : "";
}
