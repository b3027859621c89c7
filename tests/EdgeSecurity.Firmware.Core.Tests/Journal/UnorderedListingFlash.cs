using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// Flash whose directory listing comes back in reverse name order. <see cref="IFlashStorage.List"/> promises
/// no order, and the ESP32's LittleFS lists files in whatever order the file system keeps them; the host
/// simulator happens to sort them, which would hide code that relies on the order.
/// </summary>
internal sealed class UnorderedListingFlash(IFlashStorage inner) : IFlashStorage
{
    public int FreeBytes => inner.FreeBytes;

    public string[] List(string prefix) => [.. inner.List(prefix).Reverse()];

    public bool Exists(string name) => inner.Exists(name);

    public int GetLength(string name) => inner.GetLength(name);

    public int Read(string name, int position, byte[] buffer, int offset, int count) => inner.Read(name, position, buffer, offset, count);

    public void Write(string name, int position, byte[] buffer, int offset, int count) => inner.Write(name, position, buffer, offset, count);

    public void SetLength(string name, int length) => inner.SetLength(name, length);

    public void Flush(string name) => inner.Flush(name);

    public void Delete(string name) => inner.Delete(name);

    public void Rename(string from, string to) => inner.Rename(from, to);
}
