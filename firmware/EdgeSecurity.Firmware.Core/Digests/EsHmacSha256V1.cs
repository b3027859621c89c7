using System;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Digests
{
    /// <summary>
    /// The component digest ES-HMAC-SHA256-V1 (docs/formats/digest.md): HMAC-SHA256 under a fixed, published
    /// key, computed per chunk (leaf, tag 0x00) and over the list of chunk digests (tag 0x01). Built only from
    /// one-shot HMAC calls over bounded inputs, which is all a nanoFramework device offers.
    /// </summary>
    public static class EsHmacSha256V1
    {
        public const int DigestLength = 32;
        public const int MinChunkSize = 1024;
        public const int MaxChunkSize = 65536;
        public const int DefaultChunkSize = 4096;

        /// <summary>Bytes that precede the chunk data in a leaf input.</summary>
        public const int LeafHeaderLength = 1;

        internal const byte LeafTag = 0x00;
        internal const byte ListTag = 0x01;
        internal const byte KeyIdTag = 0x02;
        private const int ListHeaderLength = 1 + 8 + 4 + 4;

        // ASCII "EdgeSecurity/ES-HMAC-SHA256-V1". Public by design: the digest is keyed only to get SHA-256
        // collision resistance out of the device's native HMAC, not to authenticate anything.
        private static readonly byte[] FixedKey = new byte[]
        {
            0x45, 0x64, 0x67, 0x65, 0x53, 0x65, 0x63, 0x75, 0x72, 0x69, 0x74, 0x79, 0x2F, 0x45, 0x53, 0x2D,
            0x48, 0x4D, 0x41, 0x43, 0x2D, 0x53, 0x48, 0x41, 0x32, 0x35, 0x36, 0x2D, 0x56, 0x31,
        };

        /// <summary>A copy of the fixed, published HMAC key.</summary>
        public static byte[] GetKey()
        {
            return (byte[])FixedKey.Clone();
        }

        /// <summary>True for a power of two in [<see cref="MinChunkSize"/>, <see cref="MaxChunkSize"/>].</summary>
        public static bool IsValidChunkSize(long chunkSize)
        {
            return chunkSize >= MinChunkSize && chunkSize <= MaxChunkSize && (chunkSize & (chunkSize - 1)) == 0;
        }

        /// <summary>Number of chunks of a component: ceil(size / chunkSize); 0 for an empty component.</summary>
        public static int ChunkCount(long size, int chunkSize)
        {
            return (int)((size + chunkSize - 1) / chunkSize);
        }

        /// <summary>Length of chunk <paramref name="index"/> (the last one may be short).</summary>
        public static int ChunkLength(long size, int chunkSize, int index)
        {
            long start = (long)index * chunkSize;
            long remaining = size - start;
            return remaining < chunkSize ? (int)remaining : chunkSize;
        }

        /// <summary>
        /// Leaf digest of one chunk: HMAC(K, 0x00 || data). Copies the data; <see cref="ChunkHasher"/> avoids
        /// the copy when the data is read from storage.
        /// </summary>
        public static byte[] ChunkDigest(IMacPrimitive mac, byte[] data, int offset, int count)
        {
            byte[] input = new byte[LeafHeaderLength + count];
            input[0] = LeafTag;
            Array.Copy(data, offset, input, LeafHeaderLength, count);
            return LeafDigestOfPreparedInput(mac, input);
        }

        /// <summary>
        /// Component digest: HMAC(K, 0x01 || u64 size || u32 chunkSize || u32 chunkCount || d0 || ... || dn-1)
        /// where <paramref name="chunkDigests"/> holds the n leaf digests back to back.
        /// </summary>
        public static byte[] ComponentDigest(IMacPrimitive mac, long size, int chunkSize, byte[] chunkDigests)
        {
            int chunkCount = chunkDigests.Length / DigestLength;
            byte[] input = new byte[ListHeaderLength + chunkDigests.Length];
            input[0] = ListTag;
            LittleEndian.PutInt64(input, 1, size);
            LittleEndian.PutUInt32(input, 9, (uint)chunkSize);
            LittleEndian.PutUInt32(input, 13, (uint)chunkCount);
            Array.Copy(chunkDigests, 0, input, ListHeaderLength, chunkDigests.Length);
            return mac.HmacSha256(FixedKey, input);
        }

        /// <summary>
        /// Chunk digests (back to back) and component digest of content held in memory: for tools that build
        /// manifests, not for the device, which streams from storage.
        /// </summary>
        public static byte[] ChunkDigests(IMacPrimitive mac, byte[] content, int chunkSize)
        {
            int count = ChunkCount(content.Length, chunkSize);
            byte[] digests = new byte[count * DigestLength];
            for (int i = 0; i < count; i++)
            {
                byte[] digest = ChunkDigest(mac, content, i * chunkSize, ChunkLength(content.Length, chunkSize, i));
                Array.Copy(digest, 0, digests, i * DigestLength, DigestLength);
            }

            return digests;
        }

        /// <summary>HMAC(K, 0x02 || u8 algorithm || publicKey): the first bytes of it are a key's id.</summary>
        internal static byte[] KeyDigest(IMacPrimitive mac, byte algorithm, byte[] publicKey)
        {
            byte[] input = new byte[2 + publicKey.Length];
            input[0] = KeyIdTag;
            input[1] = algorithm;
            Array.Copy(publicKey, 0, input, 2, publicKey.Length);
            return mac.HmacSha256(FixedKey, input);
        }

        /// <summary>HMAC of an input whose first byte is already the leaf tag.</summary>
        internal static byte[] LeafDigestOfPreparedInput(IMacPrimitive mac, byte[] input)
        {
            input[0] = LeafTag;
            return mac.HmacSha256(FixedKey, input);
        }
    }
}
