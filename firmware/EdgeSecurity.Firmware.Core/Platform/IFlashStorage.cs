namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>
    /// The agent's persistent storage: a small flat file system such as LittleFS on the ESP32 internal
    /// volume. Names are relative paths with '/' separators ("slots/a/manifest.bin").
    /// Durability model (what the power-cut tests rely on): data written with <see cref="Write"/> or
    /// <see cref="SetLength"/> is durable only after <see cref="Flush"/> returns; a flush interrupted by
    /// power loss may leave any prefix of the pending bytes. <see cref="Rename"/> and <see cref="Delete"/>
    /// are atomic: after power loss they either happened or did not.
    /// </summary>
    public interface IFlashStorage
    {
        bool Exists(string name);

        /// <summary>Length in bytes, or -1 when the file does not exist.</summary>
        int GetLength(string name);

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns the number read (0 at end).</summary>
        int Read(string name, int position, byte[] buffer, int offset, int count);

        /// <summary>Writes at <paramref name="position"/>, creating the file or extending it as needed.</summary>
        void Write(string name, int position, byte[] buffer, int offset, int count);

        void SetLength(string name, int length);

        /// <summary>Makes every earlier write to this file durable.</summary>
        void Flush(string name);

        void Delete(string name);

        /// <summary>Atomically replaces <paramref name="to"/> (if present) with <paramref name="from"/>.</summary>
        void Rename(string from, string to);

        /// <summary>Names of the files whose name starts with <paramref name="prefix"/>.</summary>
        string[] List(string prefix);

        /// <summary>Bytes still available; storage on a microcontroller is small and bounded.</summary>
        int FreeBytes { get; }
    }
}
