using System.Security.Cryptography;

namespace Mailroom.Core.Settings;

/// <summary>Settings of the whole installation, shared by every account and node.</summary>
/// <param name="ConversationPrefix">
/// The prefix of every Conversation ID (<c>{CMI: ABCD1234}</c> has ABCD): 2-8 letters or digits. Generated at random
/// on first start; may be changed at any time (IDs already sent keep matching only while the prefix is unchanged).
/// </param>
public sealed record InstallationSettings(string ConversationPrefix)
{
    /// <summary>A random prefix of four upper-case letters, for a fresh installation.</summary>
    public static string GeneratePrefix()
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('A' + RandomNumberGenerator.GetInt32(26));
        }

        return new string(chars);
    }
}
