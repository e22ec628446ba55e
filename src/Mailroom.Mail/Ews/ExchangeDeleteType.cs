namespace Mailroom.Mail.Ews;

/// <summary>The EWS <c>DeleteType</c> used when a filed message is deleted.</summary>
public enum ExchangeDeleteType
{
    /// <summary>Moved to Deleted Items, where a user can still find it (the default).</summary>
    MoveToDeletedItems,

    /// <summary>Moved to Recoverable Items (the dumpster); on Exchange 2007 only flagged for later removal.</summary>
    SoftDelete,

    /// <summary>Removed for good.</summary>
    HardDelete,
}
