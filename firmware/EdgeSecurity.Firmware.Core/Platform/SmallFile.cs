namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>
    /// Whole-file reads and atomic replacement of the small files the boot code, installer and journal keep
    /// on <see cref="IFlashStorage"/> (manifests, trust roots, journal state and segments).
    /// </summary>
    internal static class SmallFile
    {
        /// <summary>The file's bytes, or null when it is missing, larger than <paramref name="maxLength"/> or shorter than it claims.</summary>
        public static byte[] ReadAll(IFlashStorage storage, string name, int maxLength)
        {
            int length = storage.GetLength(name);
            if (length < 0 || length > maxLength)
            {
                return null;
            }

            byte[] data = new byte[length];
            return ReadInto(storage, name, data) == length ? data : null;
        }

        /// <summary>
        /// Every byte that can be read: empty when the file is missing or empty, and only the bytes before
        /// a failing read when it stops early, because the journal salvages the good frames of a damaged
        /// segment instead of discarding it.
        /// </summary>
        public static byte[] ReadAvailable(IFlashStorage storage, string name)
        {
            int length = storage.GetLength(name);
            if (length <= 0)
            {
                return new byte[0];
            }

            byte[] data = new byte[length];
            int read = ReadInto(storage, name, data);
            if (read == length)
            {
                return data;
            }

            byte[] prefix = new byte[read];
            System.Array.Copy(data, 0, prefix, 0, read);
            return prefix;
        }

        /// <summary>Replaces <paramref name="name"/> so that after power loss it is either the old or the new
        /// version: write <paramref name="tempName"/>, flush it, rename it over the old file (rename is atomic).</summary>
        public static void Replace(IFlashStorage storage, string name, string tempName, byte[] content)
        {
            if (storage.Exists(tempName))
            {
                storage.Delete(tempName);
            }

            storage.Write(tempName, 0, content, 0, content.Length);
            storage.Flush(tempName);
            storage.Rename(tempName, name);
        }

        /// <summary>Fills <paramref name="buffer"/> from the start of the file; returns how many bytes were read before the file ran out.</summary>
        private static int ReadInto(IFlashStorage storage, string name, byte[] buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int read = storage.Read(name, done, buffer, done, buffer.Length - done);
                if (read <= 0)
                {
                    break;
                }

                done += read;
            }

            return done;
        }
    }
}
