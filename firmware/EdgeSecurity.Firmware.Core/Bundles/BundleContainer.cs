using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>
    /// The distribution file of a bundle (docs/formats/bundle.md): magic "ESBN", format version, the signed
    /// manifest's length and bytes, then each component's bytes in manifest order, nothing after. Opening
    /// one from storage reads only the header and signed manifest; payloads stay on flash.
    /// </summary>
    public sealed class BundleContainer
    {
        public const int FormatVersion = 1;

        /// <summary>Magic, format version and signed-manifest length.</summary>
        public const int PrefixLength = 4 + 2 + 4;

        private static readonly byte[] Magic = new byte[] { 0x45, 0x53, 0x42, 0x4E }; // "ESBN"

        private readonly int[] _offsets;

        private BundleContainer(SignedManifest signedManifest, int headerLength)
        {
            SignedManifest = signedManifest;
            HeaderLength = headerLength;
            Manifest manifest = signedManifest.Manifest;
            _offsets = new int[manifest.ComponentCount];
            int offset = headerLength;
            for (int i = 0; i < _offsets.Length; i++)
            {
                _offsets[i] = offset;
                offset += manifest.GetComponent(i).Size;
            }

            TotalLength = offset;
        }

        /// <summary>Parsed, not yet verified.</summary>
        public SignedManifest SignedManifest { get; }

        /// <summary>Bytes before the first payload: prefix plus the signed manifest.</summary>
        public int HeaderLength { get; }

        public int TotalLength { get; }

        /// <summary>Where component <paramref name="index"/> (manifest order) starts in the container.</summary>
        public int GetComponentOffset(int index)
        {
            return _offsets[index];
        }

        /// <summary>Largest possible container: header plus 32 components of 4 MiB (fits an int).</summary>
        public static long MaxTotalLength
        {
            get { return PrefixLength + (long)SignedManifest.MaxEncodedLength + ((long)Manifest.MaxComponents * ComponentEntry.MaxSize); }
        }

        /// <summary>The bytes before the payloads: magic, version, length and the signed manifest.</summary>
        public static byte[] EncodeHeader(SignedManifest signedManifest)
        {
            byte[] manifestBytes = signedManifest.ToBytes();
            ByteWriter writer = new ByteWriter(PrefixLength + manifestBytes.Length);
            writer.WriteBytes(Magic);
            writer.WriteUInt16(FormatVersion);
            writer.WriteUInt32(manifestBytes.Length);
            writer.WriteBytes(manifestBytes);
            return writer.ToArray();
        }

        /// <summary>A whole container in memory (tools and tests); payloads in manifest order.</summary>
        public static byte[] Encode(SignedManifest signedManifest, byte[][] payloads)
        {
            Manifest manifest = signedManifest.Manifest;
            if (payloads == null || payloads.Length != manifest.ComponentCount)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, "bundle.payloads", "one payload per manifest component is required");
            }

            byte[] header = EncodeHeader(signedManifest);
            ByteWriter writer = new ByteWriter(header.Length + (int)manifest.TotalComponentSize());
            writer.WriteBytes(header);
            for (int i = 0; i < payloads.Length; i++)
            {
                if (payloads[i] == null || payloads[i].Length != manifest.GetComponent(i).Size)
                {
                    throw new MalformedDataException(MalformedReason.LengthOutOfRange, "bundle.payloads[" + i + "]", "length differs from the manifest's size for " + manifest.GetComponent(i).Name);
                }

                writer.WriteBytes(payloads[i]);
            }

            return writer.ToArray();
        }

        /// <summary>
        /// Reads the header of the container file <paramref name="fileName"/> and checks the file is exactly as
        /// long as the manifest says. Throws only <see cref="MalformedDataException"/> for bad content.
        /// </summary>
        public static BundleContainer Open(IFlashStorage storage, string fileName)
        {
            int fileLength = storage.GetLength(fileName);
            if (fileLength < 0)
            {
                throw new MalformedDataException(MalformedReason.MissingEntry, "bundle", "file " + fileName + " does not exist");
            }

            byte[] prefix = ReadExactly(storage, fileName, 0, PrefixLength, "bundle.prefix");
            ByteReader reader = new ByteReader(prefix);
            reader.ExpectMagic(Magic, "bundle.magic");
            reader.ExpectFormatVersion(FormatVersion, "bundle.formatVersion");
            int manifestLength = (int)reader.ReadUInt32InRange("bundle.signedManifestLength", 1, SignedManifest.MaxEncodedLength, MalformedReason.LengthOutOfRange);
            if (manifestLength > fileLength - PrefixLength)
            {
                throw new MalformedDataException(MalformedReason.Truncated, "bundle.signedManifest", "file is " + fileLength + " bytes, too short for a signed manifest of " + manifestLength);
            }

            byte[] manifestBytes = ReadExactly(storage, fileName, PrefixLength, manifestLength, "bundle.signedManifest");
            BundleContainer container = new BundleContainer(SignedManifest.Parse(manifestBytes), PrefixLength + manifestLength);
            if (fileLength < container.TotalLength)
            {
                throw new MalformedDataException(MalformedReason.Truncated, "bundle.payloads", "file is " + fileLength + " bytes, the manifest needs " + container.TotalLength);
            }

            if (fileLength > container.TotalLength)
            {
                throw new MalformedDataException(MalformedReason.TrailingBytes, "bundle", (fileLength - container.TotalLength) + " bytes follow the last component");
            }

            return container;
        }

        private static byte[] ReadExactly(IFlashStorage storage, string fileName, int position, int count, string field)
        {
            byte[] buffer = new byte[count];
            int done = 0;
            while (done < count)
            {
                int read = storage.Read(fileName, position + done, buffer, done, count - done);
                if (read <= 0)
                {
                    throw new MalformedDataException(MalformedReason.Truncated, field, "file ends after " + (position + done) + " bytes");
                }

                done += read;
            }

            return buffer;
        }

        internal static int ReadFully(IFlashStorage storage, string fileName, int position, byte[] buffer, int offset, int count)
        {
            int done = 0;
            while (done < count)
            {
                int read = storage.Read(fileName, position + done, buffer, offset + done, count - done);
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
