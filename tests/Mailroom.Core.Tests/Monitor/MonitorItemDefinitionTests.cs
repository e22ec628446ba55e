using Mailroom.Core.Monitor;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Tests.Monitor;

public sealed class MonitorItemDefinitionTests
{
    [Fact]
    public void A_full_item_is_read_with_every_condition_finding_step_and_action()
    {
        var item = MonitorItemDefinition.Parse("Reopen", """
            {
              "conditions": [ { "field": "subject-and-body", "operator": "regex", "value": "\\burgent\\b" },
                              { "field": "from-address", "operator": "ends-with", "value": "@vip.test" } ],
              "record": "found", "record-status": "resolved", "require-customer": true,
              "finding": { "conversation-id": false, "subject": false, "record-number": true, "record-number-mode": "number-at-end",
                           "subject-minimum-length": 12 },
              "actions": [ { "type": "update-record", "status": "In progress", "fields": { "priority": "high" } },
                           { "type": "attach", "also-to-customer": true },
                           { "type": "import-attachments", "max-bytes": 1024, "blocked-extensions": [".zip"], "keep-inline-images": false } ]
            }
            """);

        Assert.Equal("Reopen", item.Name);
        Assert.Equal(MonitorItemKind.Custom, item.Kind);
        Assert.Equal([MailField.SubjectAndBody, MailField.FromAddress], item.Conditions.Select(c => c.Field));
        Assert.Equal([ConditionOperator.Regex, ConditionOperator.EndsWith], item.Conditions.Select(c => c.Operator));
        Assert.Equal(RecordState.Found, item.Record);
        Assert.Equal("Resolved", item.RecordStatus);
        Assert.True(item.RequireCustomer);
        Assert.Equal(new RecordFinding
        {
            ByConversationId = false, ByReplyHeaders = true, BySubject = false, ByRecordNumber = true,
            RecordNumberMode = RecordNumberMode.NumberAtEnd, SubjectMinimumLength = 12,
        }, item.Finding);
        var update = Assert.IsType<UpdateRecordAction>(item.Actions[0]);
        Assert.Equal("InProgress", update.Status);
        Assert.Equal("High", update.Fields!["priority"]);
        Assert.True(Assert.IsType<AttachAsHistoryAction>(item.Actions[1]).AlsoToCustomer);
        var import = Assert.IsType<ImportAttachmentsAction>(item.Actions[2]);
        Assert.Equal(1024, import.MaxBytes);
        Assert.Equal([".zip"], import.BlockedExtensions!);
        Assert.False(import.KeepInlineImages);
    }

    [Fact]
    public void Default_without_settings_creates_an_incident_and_with_settings_keeps_its_actions()
    {
        Assert.Equal(MonitorItem.NewDefault().Actions, MonitorItemDefinition.Parse("Default", null, MonitorItemKind.Default).Actions);
        var tuned = MonitorItemDefinition.Parse("Default", """{"finding":{"record-number":true}}""", MonitorItemKind.Default);
        Assert.Equal(MonitorItem.NewDefault().Actions, tuned.Actions);
        Assert.True(tuned.Finding.ByRecordNumber);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_its_field()
    {
        var ex = Assert.Throws<ValidationException>(() => MonitorItemDefinition.Parse("Bad", """
            {
              "conditions": [ { "field": "colour", "operator": "contains", "value": "x" }, { "field": "subject", "operator": "regex", "value": "(a)\\1" } ],
              "record": "maybe",
              "finding": { "subject": "yes" },
              "actions": [ { "type": "explode" }, { "type": "update-record", "status": "sleeping", "fields": { "colour": "red" } } ]
            }
            """));

        var fields = ex.Problems.Select(p => p.Field).ToList();
        Assert.Contains("conditions[0].field", fields);
        Assert.Contains("conditions[1].value", fields); // a backreference: the non-backtracking engine refuses it
        Assert.Contains("record", fields);
        Assert.Contains("finding.subject", fields);
        Assert.Contains("actions[0].type", fields);
        Assert.Contains("actions[1].status", fields);
        Assert.Contains("actions[1].fields.colour", fields);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{}")] // an administrator's item needs at least one action
    public void Something_that_is_not_an_item_is_refused(string json)
    {
        var ex = Assert.Throws<ValidationException>(() => MonitorItemDefinition.Parse("X", json));
        Assert.NotEmpty(ex.Problems);
    }

    [Fact]
    public void A_skip_rule_is_read_as_the_command_writes_it()
    {
        var rule = MonitorItemDefinition.ParseSkipRule("""{"phrase":"newsletter","part":"subject","match":"begins-with"}""");
        Assert.Equal(new SkipRule("newsletter", MailField.Subject, SkipPosition.BeginsWith), rule);
        Assert.Throws<ValidationException>(() => MonitorItemDefinition.ParseSkipRule("""{"phrase":"","part":"from-name"}"""));
    }
}
