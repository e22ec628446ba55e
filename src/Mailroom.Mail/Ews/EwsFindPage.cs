namespace Mailroom.Mail.Ews;

/// <summary>One FindItem page: the items, the offset of the next page, and whether the view ends here.</summary>
internal sealed record EwsFindPage(IReadOnlyList<EwsItem> Items, int NextOffset, int TotalItemsInView, bool IncludesLastItemInRange);
