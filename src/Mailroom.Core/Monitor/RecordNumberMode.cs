namespace Mailroom.Core.Monitor;

/// <summary>Where <see cref="RecordNumberFinder"/> looks for a record number in a subject.</summary>
public enum RecordNumberMode
{
    /// <summary>The first whole number anywhere in the subject.</summary>
    FirstNumber,

    /// <summary>A number that ends the subject (trailing punctuation and brackets allowed).</summary>
    NumberAtEnd,

    /// <summary>The number right after a term such as "Incident" (<see cref="RecordNumberFinder.Term"/>).</summary>
    AfterTerm,
}
