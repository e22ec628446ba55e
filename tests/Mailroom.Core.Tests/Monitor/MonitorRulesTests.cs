using Mailroom.Core.Monitor;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Tests.Monitor;

public sealed class MonitorRulesTests
{
    private static IncomingMailFacts Mail(string subject = "Printer broken", string body = "It is on fire.\nHelp!") => new()
    {
        From = new EmailAddress("jane@example.com", "Jane Doe"),
        To = [new EmailAddress("desk@example.org", "Desk")],
        Cc = [new EmailAddress("boss@example.com", "")],
        Subject = subject,
        TextBody = body,
    };

    [Theory]
    [InlineData("PRINTER", MailField.Subject, SkipPosition.Anywhere, true)]
    [InlineData("printer", MailField.Subject, SkipPosition.BeginsWith, true)]
    [InlineData("broken", MailField.Subject, SkipPosition.EndsWith, true)]
    [InlineData("broken", MailField.Subject, SkipPosition.BeginsWith, false)]
    [InlineData("help!", MailField.Body, SkipPosition.EndsWith, true)]
    [InlineData("jane@", MailField.From, SkipPosition.Anywhere, true)]
    [InlineData("desk@example.org", MailField.To, SkipPosition.Anywhere, true)]
    [InlineData("boss@", MailField.Cc, SkipPosition.Anywhere, true)]
    [InlineData("nobody", MailField.Cc, SkipPosition.Anywhere, false)]
    public void Skip_rules_match_word_or_phrase_by_position(string phrase, MailField field, SkipPosition position, bool expected)
    {
        Assert.Equal(expected, new SkipRule(phrase, field, position).Matches(Mail()));
    }

    [Fact]
    public void Skip_rule_with_empty_phrase_is_invalid_and_never_matches()
    {
        var rule = new SkipRule(" ", MailField.Subject);
        Assert.Contains(rule.Validate(), p => p.Field == "phrase");
        Assert.False(rule.Matches(Mail()));
    }

    [Theory]
    [InlineData(MailField.FromName, ConditionOperator.Equals, "jane doe", true)]
    [InlineData(MailField.FromAddress, ConditionOperator.EndsWith, "@EXAMPLE.com", true)]
    [InlineData(MailField.From, ConditionOperator.Contains, "Jane Doe <jane@", true)]
    [InlineData(MailField.Subject, ConditionOperator.BeginsWith, "printer", true)]
    [InlineData(MailField.Body, ConditionOperator.Contains, "fire", true)]
    [InlineData(MailField.SubjectAndBody, ConditionOperator.Regex, @"broken\s+It is", true)]
    [InlineData(MailField.Subject, ConditionOperator.Regex, @"^printer\s+\w+$", true)]
    [InlineData(MailField.Subject, ConditionOperator.Regex, @"^scanner", false)]
    [InlineData(MailField.To, ConditionOperator.Contains, "desk@example.org", true)]
    [InlineData(MailField.Cc, ConditionOperator.Equals, "someone@example.com", false)]
    public void Conditions_compare_fields_without_regard_to_case(MailField field, ConditionOperator op, string value, bool expected)
    {
        Assert.Equal(expected, new Condition(field, op, value).Matches(Mail()));
    }

    [Theory]
    [InlineData("(unclosed")]
    [InlineData(@"(a)\1")]
    [InlineData("(?=look)ahead")]
    public void Invalid_or_unsupported_regex_is_a_clear_error_and_false(string pattern)
    {
        var condition = new Condition(MailField.Subject, ConditionOperator.Regex, pattern);
        var problem = Assert.Single(condition.Validate());
        Assert.Equal("value", problem.Field);
        Assert.StartsWith("is not a usable regular expression", problem.Message);
        Assert.False(condition.Matches(Mail()));
    }

    [Fact]
    public void Catastrophic_pattern_runs_in_linear_time_and_answers()
    {
        // (a+)+$ against "aaaa…!" backtracks exponentially on a backtracking engine; NonBacktracking answers at once.
        var condition = new Condition(MailField.Body, ConditionOperator.Regex, "(a+)+$");
        Assert.False(condition.Matches(Mail(body: new string('a', 50_000) + "!")));
    }

    [Fact]
    public void Selector_runs_skip_first_then_first_matching_item_then_default()
    {
        var reopen = new MonitorItem
        {
            Name = "Reopen Incident",
            Record = RecordState.Found,
            RecordStatus = "Resolved",
            Conditions = [new Condition(MailField.Subject, ConditionOperator.Contains, "reopen")],
            Actions = [new AttachAsHistoryAction(), new UpdateRecordAction(Status: "In progress")],
        };
        var anyReopen = new MonitorItem
        {
            Name = "Anything about reopening",
            Conditions = [new Condition(MailField.Subject, ConditionOperator.Contains, "reopen")],
            Actions = [new AttachAsHistoryAction()],
        };
        var items = MonitorItems.Create([new SkipRule("[SPAM]", MailField.Subject, SkipPosition.BeginsWith)], [reopen, anyReopen]);
        var selector = new ItemSelector(items);
        var resolved = new RecordContext(7, "Resolved", true);

        Assert.True(selector.Select(Mail("[spam] reopen"), _ => resolved).IsSkipped);
        Assert.Same(reopen, selector.Select(Mail("Please reopen"), _ => resolved).Item);
        Assert.Same(anyReopen, selector.Select(Mail("Please reopen"), _ => new RecordContext(7, "Closed", true)).Item);
        var fallback = selector.Select(Mail("Hello"), _ => RecordContext.Nothing);
        Assert.Equal(MonitorItemKind.Default, fallback.Item.Kind);
        Assert.Contains(fallback.Item.Actions, a => a is CreateRecordAction);
    }

    [Fact]
    public void Skip_and_Default_are_fixed_and_every_problem_is_reported()
    {
        var bad = new MonitorItem { Name = "Sneaky", Kind = MonitorItemKind.Default, Actions = [new AttachAsHistoryAction()] };
        var noActions = new MonitorItem
        {
            Name = "Empty",
            Conditions = [new Condition(MailField.Subject, ConditionOperator.Regex, "(")],
        };
        var ex = Assert.Throws<ValidationException>(() => MonitorItems.Create(custom: [bad, noActions]));
        Assert.Contains(ex.Problems, p => p.Field == "items[0]");
        Assert.Contains(ex.Problems, p => p.Field == "items[1].actions");
        Assert.Contains(ex.Problems, p => p.Field == "items[1].conditions[0].value");
    }

    [Fact]
    public void Import_rules_block_large_and_executable_files()
    {
        var action = new ImportAttachmentsAction(MaxBytes: 1000);
        Assert.True(action.Allows(new IncomingAttachment("report.pdf", "application/pdf", 999, null, false)));
        Assert.False(action.Allows(new IncomingAttachment("report.pdf", "application/pdf", 1001, null, false)));
        Assert.False(action.Allows(new IncomingAttachment("setup.EXE", "application/octet-stream", 10, null, false)));
        Assert.False(new ImportAttachmentsAction(KeepInlineImages: false)
            .Allows(new IncomingAttachment("logo.png", "image/png", 10, "logo@x", true)));
    }

    [Fact]
    public void The_rules_checked_before_decoding_are_the_type_and_inline_ones_and_a_file_at_the_limit_is_allowed()
    {
        var action = new ImportAttachmentsAction(MaxBytes: 1000, BlockedExtensions: [".zip"]);
        Assert.True(action.AllowsFile("setup.exe", false)); // this item blocks only .zip
        Assert.False(action.AllowsFile("bundle.ZIP", false));
        Assert.True(action.AllowsFile("logo.png", true));
        Assert.False(new ImportAttachmentsAction(KeepInlineImages: false).AllowsFile("logo.png", true));
        Assert.True(action.Allows(new IncomingAttachment("report.pdf", "application/pdf", 1000, null, false)));
    }
}
