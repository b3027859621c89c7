using System;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>
    /// One component of a bundle as the manifest describes it: file name, kind, size, chunking and digests
    /// (docs/formats/manifest.md). Immutable; the constructor enforces the parser's rules.
    /// </summary>
    public sealed class ComponentEntry
    {
        public const int MaxNameLength = 64;
        public const int MaxSize = 4 * 1024 * 1024;
        public const int MaxChunks = 1024;

        private readonly byte[] _componentDigest;
        private readonly byte[] _chunkDigests;

        /// <param name="chunkDigests">The leaf digests back to back: ceil(size / chunkSize) × 32 bytes.</param>
        public ComponentEntry(string name, ComponentKind kind, int size, int chunkSize, DigestAlgorithm digestAlgorithm, byte[] componentDigest, byte[] chunkDigests)
            : this(name, kind, size, chunkSize, digestAlgorithm, componentDigest, chunkDigests, "manifest.component")
        {
        }

        internal ComponentEntry(string name, ComponentKind kind, int size, int chunkSize, DigestAlgorithm digestAlgorithm, byte[] componentDigest, byte[] chunkDigests, string field)
        {
            CheckName(name, kind, field + ".name");
            if (kind < ComponentKind.ManagedAssembly || kind > ComponentKind.Data)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".kind", "unknown component kind " + (int)kind);
            }

            CheckChunking(size, chunkSize, field);
            if (digestAlgorithm != DigestAlgorithm.EsHmacSha256V1)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".digestAlgorithm", "unknown digest algorithm " + (int)digestAlgorithm);
            }

            if (componentDigest == null || componentDigest.Length != EsHmacSha256V1.DigestLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field + ".componentDigest", "must be " + EsHmacSha256V1.DigestLength + " bytes");
            }

            int expected = EsHmacSha256V1.ChunkCount(size, chunkSize) * EsHmacSha256V1.DigestLength;
            if (chunkDigests == null || chunkDigests.Length != expected)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field + ".chunkDigests", "must be " + expected + " bytes (one digest per chunk)");
            }

            Name = name;
            Kind = kind;
            Size = size;
            ChunkSize = chunkSize;
            DigestAlgorithm = digestAlgorithm;
            _componentDigest = (byte[])componentDigest.Clone();
            _chunkDigests = (byte[])chunkDigests.Clone();
        }

        /// <summary>File name: letters, digits, '.', '_', '-'; never starts with '.'; ".pe" for assemblies.</summary>
        public string Name { get; }

        public ComponentKind Kind { get; }

        public int Size { get; }

        public int ChunkSize { get; }

        public DigestAlgorithm DigestAlgorithm { get; }

        public int ChunkCount
        {
            get { return _chunkDigests.Length / EsHmacSha256V1.DigestLength; }
        }

        public byte[] ComponentDigest
        {
            get { return (byte[])_componentDigest.Clone(); }
        }

        public byte[] GetChunkDigest(int index)
        {
            byte[] digest = new byte[EsHmacSha256V1.DigestLength];
            Array.Copy(_chunkDigests, index * EsHmacSha256V1.DigestLength, digest, 0, digest.Length);
            return digest;
        }

        /// <summary>Length of chunk <paramref name="index"/> (the last may be short).</summary>
        public int GetChunkLength(int index)
        {
            return EsHmacSha256V1.ChunkLength(Size, ChunkSize, index);
        }

        internal byte[] ComponentDigestBytes
        {
            get { return _componentDigest; }
        }

        internal byte[] ChunkDigestBytes
        {
            get { return _chunkDigests; }
        }

        /// <summary>Describes content held in memory (tools building a manifest; not for the device).</summary>
        public static ComponentEntry FromContent(IMacPrimitive mac, string name, ComponentKind kind, byte[] content, int chunkSize)
        {
            if (content == null || content.Length > MaxSize)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, "manifest.component.size", "content must be 0.." + MaxSize + " bytes");
            }

            CheckChunking(content.Length, chunkSize, "manifest.component");
            byte[] chunkDigests = EsHmacSha256V1.ChunkDigests(mac, content, chunkSize);
            byte[] componentDigest = EsHmacSha256V1.ComponentDigest(mac, content.Length, chunkSize, chunkDigests);
            return new ComponentEntry(name, kind, content.Length, chunkSize, DigestAlgorithm.EsHmacSha256V1, componentDigest, chunkDigests);
        }

        internal static void CheckName(string name, ComponentKind kind, string field)
        {
            AsciiText.Validate(name, 1, MaxNameLength, AsciiCharacterSet.SafeName, field);
            if (name[0] == '.')
            {
                throw new MalformedDataException(MalformedReason.InvalidText, field, "a component file name must not start with '.'");
            }

            if (kind == ComponentKind.ManagedAssembly && !name.EndsWith(".pe"))
            {
                throw new MalformedDataException(MalformedReason.Inconsistent, field, "a managed assembly's file name must end with \".pe\"");
            }
        }

        internal static void CheckChunking(long size, long chunkSize, string field)
        {
            if (size < 0 || size > MaxSize)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field + ".size", "size " + size + " is outside 0.." + MaxSize);
            }

            if (!EsHmacSha256V1.IsValidChunkSize(chunkSize))
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".chunkSize", "chunk size " + chunkSize + " is not a power of two in " + EsHmacSha256V1.MinChunkSize + ".." + EsHmacSha256V1.MaxChunkSize);
            }

            if (EsHmacSha256V1.ChunkCount(size, (int)chunkSize) > MaxChunks)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, field + ".chunkSize", "size " + size + " in chunks of " + chunkSize + " needs more than " + MaxChunks + " chunks");
            }
        }
    }
}
