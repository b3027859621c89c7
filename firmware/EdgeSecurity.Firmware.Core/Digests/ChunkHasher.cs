using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Digests
{
    /// <summary>
    /// Computes leaf digests of chunks read straight into a reusable buffer, so streaming a component
    /// allocates one chunk-sized buffer instead of one per chunk. Read chunk data into <see cref="Buffer"/>
    /// at <see cref="DataOffset"/>, then call <see cref="Digest"/>.
    /// </summary>
    public sealed class ChunkHasher
    {
        private readonly IMacPrimitive _mac;
        private readonly byte[] _buffer;

        public ChunkHasher(IMacPrimitive mac, int chunkSize)
        {
            _mac = mac;
            _buffer = new byte[EsHmacSha256V1.LeafHeaderLength + chunkSize];
        }

        public const int DataOffset = EsHmacSha256V1.LeafHeaderLength;

        /// <summary>Where chunk data goes, starting at <see cref="DataOffset"/>.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        public int ChunkSize
        {
            get { return _buffer.Length - DataOffset; }
        }

        /// <summary>Leaf digest of the first <paramref name="count"/> data bytes in <see cref="Buffer"/>.</summary>
        public byte[] Digest(int count)
        {
            if (count == ChunkSize)
            {
                return EsHmacSha256V1.LeafDigestOfPreparedInput(_mac, _buffer);
            }

            // One-shot HMAC hashes a whole array: a short (last) chunk needs an array of its own length.
            return EsHmacSha256V1.ChunkDigest(_mac, _buffer, DataOffset, count);
        }
    }
}
