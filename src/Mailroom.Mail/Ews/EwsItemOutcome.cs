namespace Mailroom.Mail.Ews;

/// <summary>What Exchange answered for one item of a request that named many (one response message each).</summary>
/// <param name="Item">The item as it was sent.</param>
/// <param name="Error">Exchange's refusal for this item; null when it succeeded.</param>
/// <param name="NewId">The id the answer carries: a moved item's new id, an item's current ChangeKey.</param>
internal sealed record EwsItemOutcome(EwsItemId Item, EwsException? Error, EwsItemId? NewId = null);
