namespace Mailroom.Testing.Graph;

/// <summary>A mail folder of a <see cref="GraphTestMailbox"/>. Folder ids never change (outlook-immutable-id.md:
/// container ids are constant), so one id serves with and without the immutable-id preference.</summary>
/// <param name="Id">The folder's id.</param>
/// <param name="DisplayName">Its display name.</param>
/// <param name="ParentFolderId">The parent's id (the root's id for top-level folders; empty for the root).</param>
/// <param name="WellKnownName">Its well-known name (<c>inbox</c>, <c>archive</c>, ...), or null for a created one.</param>
/// <param name="IsHidden">Whether it is hidden (listed only with <c>includeHiddenFolders=true</c>).</param>
public sealed record GraphTestFolder(string Id, string DisplayName, string ParentFolderId, string? WellKnownName, bool IsHidden);
