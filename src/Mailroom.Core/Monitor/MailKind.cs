namespace Mailroom.Core.Monitor;

/// <summary>What kind of mail a message is, before any monitor item is tried.</summary>
public enum MailKind
{
    /// <summary>Written by a person: items run, and the Default item may open a record.</summary>
    Normal,

    /// <summary>A delivery failure report; filed on the bounced message's record if found, never opens one.</summary>
    Bounce,

    /// <summary>A vacation notice or other automatic reply; never opens a record.</summary>
    AutoReply,

    /// <summary>Mailroom's own mail coming back; never opens a record.</summary>
    Loop,
}
