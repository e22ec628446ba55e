using Mailroom.Core.Accounts;
using Mailroom.Data.Monitor;
using MimeKit;

namespace Mailroom.Engine.Monitor;

/// <summary>One message to file, read from its durable copy.</summary>
/// <param name="Account">The account it came in on.</param>
/// <param name="Monitor">The account's monitor (its items are loaded by the filer).</param>
/// <param name="Received">The ledger row (its id is the message's permanent reference).</param>
/// <param name="Message">
/// The parsed message; when the message is above the size limit only its headers are parsed and the body is empty.
/// </param>
/// <param name="TooLarge">The message exceeded the size limit: file it with a note, do not look at its body.</param>
internal sealed record FilingRequest(Account Account, MonitorSettings Monitor, ReceivedMessage Received, MimeMessage Message, bool TooLarge);
