using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Tests.Bundles;

/// <summary>
/// Minimal in-memory storage for verifier tests; reads may be short (at most <see cref="MaxReadLength"/>
/// bytes per call) so the verifier's read loop is exercised as with a real file system.
/// </summary>
internal sealed class MemoryFlashStorage : IFlashStorage
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public int MaxReadLength { get; set; } = int.MaxValue;

    public int FreeBytes => int.MaxValue;

    public void Put(string name, byte[] content) => _files[name] = (byte[])content.Clone();

    public byte[] Get(string name) => _files[name];

    public bool Exists(string name) => _files.ContainsKey(name);

    public int GetLength(string name) => _files.TryGetValue(name, out byte[]? data) ? data.Length : -1;

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        byte[] data = _files[name];
        int n = Math.Min(Math.Min(count, MaxReadLength), Math.Max(0, data.Length - position));
        Array.Copy(data, position, buffer, offset, n);
        return n;
    }

    public void Write(string name, int position, byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public void SetLength(string name, int length) => throw new NotSupportedException();

    public void Flush(string name)
    {
    }

    public void Delete(string name) => _files.Remove(name);

    public void Rename(string from, string to) => throw new NotSupportedException();

    public string[] List(string prefix) => _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
}
