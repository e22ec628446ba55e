namespace Mailroom.Api;

/// <summary>
/// A change to an account's monitor as <c>PUT /api/monitors/{account}</c> receives it: only the settings given change
/// (a new monitor takes the defaults for the rest). Problems name the fields as <c>monitor set</c> does.
/// </summary>
/// <param name="Folder">The folder to watch (IMAP and Exchange).</param>
/// <param name="PostAction"><c>mark-read</c>, <c>delete</c> or <c>move:FOLDER</c>; POP3 always deletes.</param>
/// <param name="Interval">Seconds between checks, 1 to 86400.</param>
/// <param name="Enabled">True to run the monitor, false to pause it.</param>
/// <param name="DefaultCustomer">
/// An existing customer's e-mail address, who stands in when a message's sender is not a customer; <c>none</c> for no
/// one (the default).
/// </param>
internal sealed record MonitorSettingsInput(string? Folder, string? PostAction, int? Interval, bool? Enabled, string? DefaultCustomer = null);
