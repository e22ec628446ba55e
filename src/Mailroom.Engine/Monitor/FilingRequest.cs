using Mailroom.Core.Accounts;
using Mailroom.Data.Monitor;
using MimeKit;

namespace Mailroom.Engine.Monitor;

/// <summary>One message to file, read from its durable copy.</summary>
/// <param name="Account">The account it came in on.</param>
/// <param name="Monitor">The account's monitor.</param>
/// <param name="Received">The ledger row (its id is the message's permanent reference).</param>
/// <param name="Message">
/// The parsed message; when the message is above the size limit only its headers are parsed and the body is empty.
/// </param>
/// <param name="Facts">What the filer reads of <paramref name="Message"/> (<see cref="Mail.Parsing.IncomingMailReader"/>), read once.</param>
/// <param name="TooLarge">The message exceeded the size limit: file it with a note, do not look at its body.</param>
/// <param name="Context">What the check's messages share, read once (<see cref="IMessageFiler.PrepareAsync"/>).</param>
internal sealed record FilingRequest(Account Account, MonitorSettings Monitor, ReceivedMessage Received, MimeMessage Message, Core.Monitor.IncomingMailFacts Facts, bool TooLarge,
    FilingContext Context);
