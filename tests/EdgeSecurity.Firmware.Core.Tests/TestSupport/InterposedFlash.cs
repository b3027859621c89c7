using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Tests.TestSupport;

/// <summary>
/// Flash storage between the core and a real <see cref="IFlashStorage"/> that behaves as the interface
/// allows but the file-backed simulator never does: reads that return fewer bytes than asked (a LittleFS
/// read may stop at a block boundary), a file whose reads fail (return 0 although the file is long enough, as a
/// read error of the flash would), a directory listing in reverse name order (the interface promises no
/// order and LittleFS keeps its own, while the simulator sorts, which would hide code that relies on it), a
/// hook run before each read (to change a file under a reader), and
/// a record of every write. A reader that keeps asking after the end of a file is stopped with an
/// exception instead of looping for ever.
/// </summary>
internal sealed class InterposedFlash(IFlashStorage inner) : IFlashStorage
{
    private const int ReadsPastEndBeforeGivingUp = 1000;
    private int _readsPastEnd;

    /// <summary>At most this many bytes per <see cref="Read"/> (0: as many as asked).</summary>
    public int MaxBytesPerRead { get; set; }

    /// <summary>Reads of this file return 0 bytes (null: every file reads).</summary>
    public string? UnreadableFile { get; set; }

    /// <summary>List returns the names in reverse order of what the wrapped storage gives.</summary>
    public bool ReverseListing { get; set; }

    /// <summary>Runs before every read with the file name and position.</summary>
    public Action<string, int>? BeforeRead { get; set; }

    /// <summary>Every write, in order: file name, position, byte count.</summary>
    public List<(string Name, int Position, int Count)> Writes { get; } = [];

    public int FreeBytes => inner.FreeBytes;

    public bool Exists(string name) => inner.Exists(name);

    public int GetLength(string name) => inner.GetLength(name);

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        BeforeRead?.Invoke(name, position);
        if (name == UnreadableFile)
        {
            return 0;
        }

        int read = inner.Read(name, position, buffer, offset, MaxBytesPerRead > 0 ? Math.Min(count, MaxBytesPerRead) : count);
        if (read == 0 && count > 0 && ++_readsPastEnd > ReadsPastEndBeforeGivingUp)
        {
            throw new InvalidDataException($"{ReadsPastEndBeforeGivingUp} reads past the end of {name}: the reader loops instead of stopping");
        }

        return read;
    }

    public void Write(string name, int position, byte[] buffer, int offset, int count)
    {
        Writes.Add((name, position, count));
        inner.Write(name, position, buffer, offset, count);
    }

    public void SetLength(string name, int length) => inner.SetLength(name, length);

    public void Flush(string name) => inner.Flush(name);

    public void Delete(string name) => inner.Delete(name);

    public void Rename(string from, string to) => inner.Rename(from, to);

    public string[] List(string prefix) => ReverseListing ? [.. inner.List(prefix).Reverse()] : inner.List(prefix);
}
