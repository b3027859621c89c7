namespace EdgeSecurity.Platform.Files;

/// <summary>
/// Writes a file whole or not at all: the bytes go to a temporary file beside it, which is then renamed
/// over the destination. A secret file is created with mode 0600 from its first byte (no chmod after the
/// fact), so it is never readable by others, not even briefly.
/// </summary>
public static class AtomicFile
{
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, byte[] contents, bool ownerOnly) => Write(path, contents, ownerOnly ? OwnerReadWrite : null);

    /// <param name="unixMode">The mode the file is created with; null leaves it to the process umask. Ignored on Windows.</param>
    public static void Write(string path, byte[] contents, UnixFileMode? unixMode)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + ".tmp-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (unixMode is { } mode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
                // One fsync before the rename: after a crash the file is either the old one or the complete new one.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            // Only left behind when writing or renaming failed.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
