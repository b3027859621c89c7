namespace EdgeSecurity.Signing.Keys;

/// <summary>
/// Writes files that must never be readable by anyone but their owner, not even for an instant:
/// the bytes go to a temporary file created with mode 0600 (no chmod after the fact) that is then
/// renamed over the destination.
/// </summary>
internal static class OwnerOnlyFile
{
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, byte[] contents, bool ownerOnly)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + ".tmp-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
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
