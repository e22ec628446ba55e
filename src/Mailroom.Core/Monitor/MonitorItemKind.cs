namespace Mailroom.Core.Monitor;

/// <summary>The fixed Skip item, an administrator's item, or the fixed Default item.</summary>
public enum MonitorItemKind
{
    Skip,
    Custom,
    Default,
}
