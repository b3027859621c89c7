using EdgeSecurity.Platform.Files;

namespace EdgeSecurity.Pki.Storage;

/// <summary>
/// Writes files so that secrets are never readable by other users, not even for a moment: the file is
/// created with its final mode, written to a temporary name and renamed into place (readers never see
/// half a file; <see cref="AtomicFile"/>). On Windows the modes do not apply; the
/// directory ACLs of the user profile are relied on.
/// </summary>
public static class SecureFiles
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PublicFile = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [System.Runtime.Versioning.UnsupportedOSPlatformGuard("windows")]
    private static bool HasUnixModes => !OperatingSystem.IsWindows();

    /// <summary>Creates <paramref name="path"/> (and missing parents) readable only by the owner; tightens an existing one.</summary>
    public static void CreateOwnerOnlyDirectory(string path)
    {
        if (HasUnixModes)
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
            File.SetUnixFileMode(path, OwnerOnlyDirectory);
        }
        else
        {
            Directory.CreateDirectory(path);
        }
    }

    public static void WriteSecret(string path, byte[] content) => Write(path, content, OwnerOnlyFile);

    public static void WriteSecret(string path, string content) => Write(path, System.Text.Encoding.UTF8.GetBytes(content), OwnerOnlyFile);

    public static void WritePublic(string path, byte[] content) => Write(path, content, PublicFile);

    public static void WritePublic(string path, string content) => Write(path, System.Text.Encoding.UTF8.GetBytes(content), PublicFile);

    private static void Write(string path, byte[] content, UnixFileMode mode) => AtomicFile.Write(path, content, mode);
}
