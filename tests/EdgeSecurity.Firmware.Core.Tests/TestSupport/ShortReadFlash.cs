using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Tests.TestSupport;

/// <summary>
/// Flash whose reads return fewer bytes than asked, as <see cref="IFlashStorage.Read"/> allows (a driver
/// that reads one page at a time), and whose reads of one file can fail outright (return 0 although the
/// file is long enough, as a read error of the flash would). Everything else goes to the wrapped storage.
/// </summary>
internal sealed class ShortReadFlash(IFlashStorage inner, int maxBytesPerRead, string? unreadableFile = null) : IFlashStorage
{
    public int FreeBytes => inner.FreeBytes;

    public int Read(string name, int position, byte[] buffer, int offset, int count) =>
        name == unreadableFile ? 0 : inner.Read(name, position, buffer, offset, Math.Min(count, maxBytesPerRead));

    public bool Exists(string name) => inner.Exists(name);

    public int GetLength(string name) => inner.GetLength(name);

    public void Write(string name, int position, byte[] buffer, int offset, int count) => inner.Write(name, position, buffer, offset, count);

    public void SetLength(string name, int length) => inner.SetLength(name, length);

    public void Flush(string name) => inner.Flush(name);

    public void Delete(string name) => inner.Delete(name);

    public void Rename(string from, string to) => inner.Rename(from, to);

    public string[] List(string prefix) => inner.List(prefix);
}
