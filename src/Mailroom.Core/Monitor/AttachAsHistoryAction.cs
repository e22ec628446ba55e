namespace Mailroom.Core.Monitor;

/// <summary>Attach the mail as a Mail History entry to the record, and optionally to the customer's journal too.</summary>
public sealed record AttachAsHistoryAction(bool AlsoToCustomer = false) : MonitorAction;
