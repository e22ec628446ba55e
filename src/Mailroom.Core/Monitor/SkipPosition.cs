namespace Mailroom.Core.Monitor;

/// <summary>Where a skip rule's word or phrase must stand in the field.</summary>
public enum SkipPosition
{
    Anywhere,
    BeginsWith,
    EndsWith,
}
