using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Signing.Platform;

/// <summary>
/// Presents one byte array as a read-only flash volume holding a single file, so the tools open bundles
/// with the core's own container reader (the code a device runs) instead of a second parser.
/// </summary>
internal sealed class SingleFileStorage(string fileName, byte[] contents) : IFlashStorage
{
    public int FreeBytes => 0;

    public bool Exists(string name) => name == fileName;

    public int GetLength(string name) => name == fileName ? contents.Length : -1;

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        if (name != fileName || position >= contents.Length)
        {
            return 0;
        }

        var read = Math.Min(count, contents.Length - position);
        Array.Copy(contents, position, buffer, offset, read);
        return read;
    }

    public string[] List(string prefix) => fileName.StartsWith(prefix, StringComparison.Ordinal) ? [fileName] : [];

    public void Write(string name, int position, byte[] buffer, int offset, int count) => throw ReadOnly();

    public void SetLength(string name, int length) => throw ReadOnly();

    public void Flush(string name) => throw ReadOnly();

    public void Delete(string name) => throw ReadOnly();

    public void Rename(string from, string to) => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("This storage is a read-only view of one file.");
}
