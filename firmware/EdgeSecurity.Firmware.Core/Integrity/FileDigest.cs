using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Integrity
{
    /// <summary>
    /// ES-HMAC-SHA256-V1 digest of whatever a file holds now (any length), streamed chunk by chunk: equal to the
    /// manifest's component digest exactly when the file is the signed component.
    /// </summary>
    public static class FileDigest
    {
        /// <summary>The digest of the file, or null when it does not exist.</summary>
        public static byte[] OfFile(IMacPrimitive mac, IFlashStorage storage, string fileName, int chunkSize)
        {
            int length = storage.GetLength(fileName);
            if (length < 0)
            {
                return null;
            }

            ChunkHasher hasher = new ChunkHasher(mac, chunkSize);
            int chunks = EsHmacSha256V1.ChunkCount(length, chunkSize);
            byte[] chunkDigests = new byte[chunks * EsHmacSha256V1.DigestLength];
            int total = 0;
            for (int i = 0; i < chunks; i++)
            {
                int count = EsHmacSha256V1.ChunkLength(length, chunkSize, i);
                int done = 0;
                while (done < count)
                {
                    int read = storage.Read(fileName, (i * chunkSize) + done, hasher.Buffer, ChunkHasher.DataOffset + done, count - done);
                    if (read <= 0)
                    {
                        break;
                    }

                    done += read;
                }

                total += done;
                System.Array.Copy(hasher.Digest(done), 0, chunkDigests, i * EsHmacSha256V1.DigestLength, EsHmacSha256V1.DigestLength);
            }

            return EsHmacSha256V1.ComponentDigest(mac, total, chunkSize, chunkDigests);
        }

        /// <summary>The digest of bytes held in memory, as <see cref="OfFile"/> would compute it for a file holding them.</summary>
        public static byte[] OfBytes(IMacPrimitive mac, byte[] content, int chunkSize)
        {
            return EsHmacSha256V1.ComponentDigest(mac, content.Length, chunkSize, EsHmacSha256V1.ChunkDigests(mac, content, chunkSize));
        }
    }
}
