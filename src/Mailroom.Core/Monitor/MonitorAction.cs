namespace Mailroom.Core.Monitor;

/// <summary>
/// One action of a monitor item, as data; the engine runs them in order and the first failure stops the rest (the
/// mail then counts as not handled). See <see cref="AttachAsHistoryAction"/>, <see cref="ImportAttachmentsAction"/>,
/// <see cref="CreateRecordAction"/>, <see cref="UpdateRecordAction"/>.
/// </summary>
public abstract record MonitorAction;
