using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Platform.Storage;

/// <summary>
/// The firmware core's flash volume as a plain directory on a .NET machine: each name ("slots/a/c0.bin") is
/// a file under the root. Used to build a device's volume image on the provisioning host (the core's own
/// installer writes it), where a write goes straight to the file and a flush reaches the disk. It has no
/// power-cut semantics; the simulator's flash (HostPlatform) is the one that models them.
/// </summary>
public sealed class DirectoryFlashStorage : IFlashStorage
{
    private readonly string _root;
    private readonly long _capacityBytes;

    /// <summary>A volume of <paramref name="capacityBytes"/> rooted at <paramref name="rootDirectory"/> (created when missing).</summary>
    public DirectoryFlashStorage(string rootDirectory, long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        _root = Path.GetFullPath(rootDirectory);
        _capacityBytes = capacityBytes;
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public int FreeBytes => (int)Math.Clamp(_capacityBytes - UsedBytes(), 0, int.MaxValue);

    /// <inheritdoc />
    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <inheritdoc />
    public int GetLength(string name) => Exists(name) ? (int)new FileInfo(PathOf(name)).Length : -1;

    /// <inheritdoc />
    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        using var stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read);
        stream.Position = position;
        return stream.ReadAtLeast(buffer.AsSpan(offset, count), count, throwOnEndOfStream: false);
    }

    /// <inheritdoc />
    public void Write(string name, int position, byte[] buffer, int offset, int count)
    {
        var path = PathOf(name);
        int growth = Math.Max(0, position + count - Math.Max(0, GetLength(name)));
        if (growth > FreeBytes)
        {
            throw new IOException($"The volume is full: writing '{name}' needs {growth} more bytes, {FreeBytes} are free.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);
        stream.Position = position;
        stream.Write(buffer, offset, count);
    }

    /// <inheritdoc />
    public void SetLength(string name, int length)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);
        stream.SetLength(length);
    }

    /// <inheritdoc />
    public void Flush(string name)
    {
        using var stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <inheritdoc />
    public void Delete(string name)
    {
        // Deleting a name that does not exist is not an error for the core (it deletes to make sure).
        var path = PathOf(name);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc />
    public void Rename(string from, string to)
    {
        var target = PathOf(to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(PathOf(from), target, overwrite: true);
    }

    /// <inheritdoc />
    public string[] List(string prefix) =>
        [.. Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private long UsedBytes() =>
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Sum(path => new FileInfo(path).Length);

    /// <summary>The file of a volume name; a name that would leave the root is refused (names come from the core's layout).</summary>
    private string PathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(_root, name));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The volume name '{name}' leaves the volume.", nameof(name));
        }

        return path;
    }
}
