namespace Mailroom.Data.Files;

/// <summary>
/// The data directory holds customer mail (the SQLite database, raw messages under <c>mail/</c>) and the key ring
/// that unseals every stored password: only the user Mailroom runs as may read it. Directories are created 0700 and
/// files 0600 (SQLite creates its <c>-wal</c> and <c>-shm</c> files with the database file's mode, so a database file
/// made 0600 before SQLite opens it keeps them private too). What exists already is not changed, only reported
/// (<see cref="FindTooOpen"/>): an administrator may have widened it on purpose, and start-up says so in its log.
/// On Windows, where these modes do not exist, nothing is done or reported.
/// </summary>
public static class DataDirectoryAccess
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) 0700 when it does not exist.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>Creates an empty file 0600 when it does not exist (a file that exists is left as it is).</summary>
    public static void CreateFile(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        try
        {
            using var created = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first; its mode is reported, not changed.
        }
    }

    /// <summary>Options for a new file of the data directory: created 0600.</summary>
    public static FileStreamOptions NewFile(int bufferSize)
    {
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = bufferSize,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>
    /// The data directory itself, the database files and the key ring (directory and files) whose mode lets the
    /// group or others in, each with its mode; empty when all are private (or on Windows). The raw messages under
    /// <c>mail/</c> are not listed one by one: a private data directory already keeps everyone else out of them.
    /// </summary>
    public static IReadOnlyList<(string Path, UnixFileMode Mode)> FindTooOpen(string dataDirectory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(dataDirectory))
        {
            return [];
        }

        var candidates = new List<string> { dataDirectory };
        candidates.AddRange(new[] { "mailroom.db", "mailroom.db-wal", "mailroom.db-shm", "keys" }.Select(n => Path.Combine(dataDirectory, n)));
        var keys = Path.Combine(dataDirectory, "keys");
        if (Directory.Exists(keys))
        {
            candidates.AddRange(Directory.EnumerateFiles(keys));
        }

        var found = new List<(string, UnixFileMode)>();
        foreach (var path in candidates.Where(p => File.Exists(p) || Directory.Exists(p)))
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
            {
                found.Add((path, mode));
            }
        }

        return found;
    }

    /// <summary>A mode as <c>chmod</c> writes it (<c>0644</c>).</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
