namespace Mailroom.Mail.Connections;

/// <summary>A temporary file for one opened message, deleted when its stream is closed.</summary>
internal static class Spool
{
    public static FileStream Create(string? directory)
    {
        var path = Path.Combine(directory ?? Path.GetTempPath(), $"mailroom-{Guid.NewGuid():N}.eml");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }
}
