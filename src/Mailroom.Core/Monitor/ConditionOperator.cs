namespace Mailroom.Core.Monitor;

/// <summary>How a condition compares a field with its value.</summary>
public enum ConditionOperator
{
    Contains,
    Equals,
    BeginsWith,
    EndsWith,

    /// <summary>A .NET regular expression, case-insensitive, run without backtracking and with a match timeout.</summary>
    Regex,
}
