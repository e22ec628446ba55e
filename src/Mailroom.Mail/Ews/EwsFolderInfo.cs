namespace Mailroom.Mail.Ews;

/// <summary>What GetFolder says about a folder.</summary>
public sealed record EwsFolderInfo(string FolderId, string? DisplayName, int? TotalCount, int? UnreadCount);
