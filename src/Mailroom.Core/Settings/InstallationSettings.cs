namespace Mailroom.Core.Settings;

/// <summary>Settings of the whole installation, shared by every account and node.</summary>
/// <param name="ConversationPrefix">
/// The prefix of every Conversation ID (<c>{CMI: ABCD1234}</c> has ABCD): 2-8 letters or digits. Generated at random
/// on first start (<see cref="Conversations.ConversationId.NewRandomPrefix"/>); may be changed at any time (IDs
/// already sent keep matching only while the prefix is unchanged).
/// </param>
public sealed record InstallationSettings(string ConversationPrefix);
