using Mailroom.Core.Validation;

namespace Mailroom.Core.Settings;

/// <summary>Checks <see cref="InstallationSettings"/>; fields are named as <c>mailroom settings set</c> names them.</summary>
public static class InstallationSettingsValidator
{
    public const string ConversationPrefixField = "conversation-prefix";

    public static IReadOnlyList<ValidationProblem> Validate(InstallationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<ValidationProblem>();
        var prefix = settings.ConversationPrefix ?? "";
        if (prefix.Length is < 2 or > 8 || !prefix.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add(new(ConversationPrefixField, $"must be 2-8 letters or digits (A-Z, 0-9); '{prefix}' is not"));
        }

        return problems;
    }
}
