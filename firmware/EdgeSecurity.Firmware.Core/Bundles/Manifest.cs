using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>
    /// What a bundle is and contains (docs/formats/manifest.md). Immutable; constructing one enforces the
    /// parser's rules, so anything built can be encoded and parsed back to an equal manifest.
    /// </summary>
    public sealed class Manifest
    {
        public const int FormatVersion = 1;
        public const int BundleIdLength = 16;
        public const int MaxHardwareClassLength = 32;
        public const long MaxSecurityCounter = 0xFFFFFFFFL;
        public const int MaxReleaseNotesLength = 2048;
        public const int MaxCves = 32;
        public const int MaxCveLength = 24;
        public const int MaxComponents = 32;

        /// <summary>Upper bound of the encoded size, so memory stays bounded on a ~100 KB heap.</summary>
        public const int MaxEncodedLength = 64 * 1024;

        internal static readonly byte[] Magic = new byte[] { 0x45, 0x53, 0x4D, 0x46 }; // "ESMF"

        private readonly byte[] _bundleId;
        private readonly string[] _cves;
        private readonly ComponentEntry[] _components;

        public Manifest(byte[] bundleId, string hardwareClass, BundleVersion version, long securityCounter, long createdUnixSeconds, long expiresUnixSeconds, string releaseNotes, string[] fixedCves, ComponentEntry[] components)
        {
            if (bundleId == null || bundleId.Length != BundleIdLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, "manifest.bundleId", "must be " + BundleIdLength + " bytes");
            }

            AsciiText.Validate(hardwareClass, 1, MaxHardwareClassLength, AsciiCharacterSet.SafeName, "manifest.hardwareClass");
            if (version == null)
            {
                throw new MalformedDataException(MalformedReason.MissingEntry, "manifest.version", "is null");
            }

            CheckNumbers(securityCounter, createdUnixSeconds, expiresUnixSeconds);
            AsciiText.Validate(releaseNotes ?? string.Empty, 0, MaxReleaseNotesLength, AsciiCharacterSet.Printable, "manifest.releaseNotes");
            _cves = CopyCves(fixedCves);
            _components = CopyComponents(components);
            _bundleId = (byte[])bundleId.Clone();
            HardwareClass = hardwareClass;
            Version = version;
            SecurityCounter = securityCounter;
            CreatedUnixSeconds = createdUnixSeconds;
            ExpiresUnixSeconds = expiresUnixSeconds;
            ReleaseNotes = releaseNotes ?? string.Empty;
            if (EncodedLength() > MaxEncodedLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, "manifest", "encodes to more than " + MaxEncodedLength + " bytes");
            }
        }

        public byte[] BundleId
        {
            get { return (byte[])_bundleId.Clone(); }
        }

        /// <summary>The hardware class the bundle is built for; a device accepts only its own.</summary>
        public string HardwareClass { get; }

        public BundleVersion Version { get; }

        /// <summary>Anti-rollback counter, separate from the version: a device refuses a lower one.</summary>
        public long SecurityCounter { get; }

        public long CreatedUnixSeconds { get; }

        /// <summary>After this instant a device with a trusted clock no longer accepts the bundle for install.</summary>
        public long ExpiresUnixSeconds { get; }

        public string ReleaseNotes { get; }

        public int FixedCveCount
        {
            get { return _cves.Length; }
        }

        public int ComponentCount
        {
            get { return _components.Length; }
        }

        public string GetFixedCve(int index)
        {
            return _cves[index];
        }

        public ComponentEntry GetComponent(int index)
        {
            return _components[index];
        }

        /// <summary>The component with this file name, or null.</summary>
        public ComponentEntry FindComponent(string name)
        {
            for (int i = 0; i < _components.Length; i++)
            {
                if (_components[i].Name == name)
                {
                    return _components[i];
                }
            }

            return null;
        }

        /// <summary>Sum of the component sizes (the payload length of a bundle container).</summary>
        public long TotalComponentSize()
        {
            long total = 0;
            for (int i = 0; i < _components.Length; i++)
            {
                total += _components[i].Size;
            }

            return total;
        }

        /// <summary>Parses an encoded manifest; throws only <see cref="MalformedDataException"/>.</summary>
        public static Manifest Parse(byte[] data)
        {
            if (data == null)
            {
                throw new MalformedDataException(MalformedReason.Truncated, "manifest", "no data");
            }

            if (data.Length > MaxEncodedLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, "manifest", "longer than " + MaxEncodedLength + " bytes");
            }

            ByteReader reader = new ByteReader(data);
            reader.ExpectMagic(Magic, "manifest.magic");
            reader.ExpectFormatVersion(FormatVersion, "manifest.formatVersion");
            byte[] bundleId = reader.ReadBytes(BundleIdLength, "manifest.bundleId");
            int classLength = reader.ReadByteInRange("manifest.hardwareClassLength", 1, MaxHardwareClassLength, MalformedReason.LengthOutOfRange);
            string hardwareClass = AsciiText.Read(reader, classLength, AsciiCharacterSet.SafeName, "manifest.hardwareClass");
            BundleVersion version = new BundleVersion(
                reader.ReadUInt16("manifest.version.major"),
                reader.ReadUInt16("manifest.version.minor"),
                reader.ReadUInt16("manifest.version.patch"),
                reader.ReadUInt32("manifest.version.build"));
            long counter = reader.ReadUInt32("manifest.securityCounter");
            long created = reader.ReadInt64("manifest.created");
            long expires = reader.ReadInt64("manifest.expires");
            CheckNumbers(counter, created, expires);
            int notesLength = reader.ReadUInt16InRange("manifest.releaseNotesLength", 0, MaxReleaseNotesLength, MalformedReason.LengthOutOfRange);
            string notes = AsciiText.Read(reader, notesLength, AsciiCharacterSet.Printable, "manifest.releaseNotes");
            int cveCount = reader.ReadByteInRange("manifest.cveCount", 0, MaxCves, MalformedReason.CountOutOfRange);
            string[] cves = new string[cveCount];
            for (int i = 0; i < cveCount; i++)
            {
                string field = "manifest.fixedCves[" + i + "]";
                int length = reader.ReadByteInRange(field + ".length", 1, MaxCveLength, MalformedReason.LengthOutOfRange);
                cves[i] = AsciiText.Read(reader, length, AsciiCharacterSet.UpperIdentifier, field);
            }

            int componentCount = reader.ReadByteInRange("manifest.componentCount", 1, MaxComponents, MalformedReason.CountOutOfRange);
            ComponentEntry[] components = new ComponentEntry[componentCount];
            for (int i = 0; i < componentCount; i++)
            {
                components[i] = ReadComponent(reader, "manifest.components[" + i + "]");
            }

            reader.ExpectEnd("manifest");
            return new Manifest(bundleId, hardwareClass, version, counter, created, expires, notes, cves, components);
        }

        public byte[] ToBytes()
        {
            ByteWriter writer = new ByteWriter(EncodedLength());
            writer.WriteBytes(Magic);
            writer.WriteUInt16(FormatVersion);
            writer.WriteBytes(_bundleId);
            writer.WriteByte(HardwareClass.Length);
            AsciiText.Write(writer, HardwareClass);
            writer.WriteUInt16(Version.Major);
            writer.WriteUInt16(Version.Minor);
            writer.WriteUInt16(Version.Patch);
            writer.WriteUInt32(Version.Build);
            writer.WriteUInt32(SecurityCounter);
            writer.WriteInt64(CreatedUnixSeconds);
            writer.WriteInt64(ExpiresUnixSeconds);
            writer.WriteUInt16(ReleaseNotes.Length);
            AsciiText.Write(writer, ReleaseNotes);
            writer.WriteByte(_cves.Length);
            for (int i = 0; i < _cves.Length; i++)
            {
                writer.WriteByte(_cves[i].Length);
                AsciiText.Write(writer, _cves[i]);
            }

            writer.WriteByte(_components.Length);
            for (int i = 0; i < _components.Length; i++)
            {
                ComponentEntry component = _components[i];
                writer.WriteByte(component.Name.Length);
                AsciiText.Write(writer, component.Name);
                writer.WriteByte((byte)component.Kind);
                writer.WriteUInt32(component.Size);
                writer.WriteUInt32(component.ChunkSize);
                writer.WriteByte((byte)component.DigestAlgorithm);
                writer.WriteBytes(component.ComponentDigestBytes);
                writer.WriteBytes(component.ChunkDigestBytes);
            }

            return writer.ToArray();
        }

        private static ComponentEntry ReadComponent(ByteReader reader, string field)
        {
            int nameLength = reader.ReadByteInRange(field + ".nameLength", 1, ComponentEntry.MaxNameLength, MalformedReason.LengthOutOfRange);
            string name = AsciiText.Read(reader, nameLength, AsciiCharacterSet.SafeName, field + ".name");
            ComponentKind kind = (ComponentKind)reader.ReadByteInRange(field + ".kind", (int)ComponentKind.ManagedAssembly, (int)ComponentKind.Data, MalformedReason.ValueOutOfRange);
            long size = reader.ReadUInt32(field + ".size");
            long chunkSize = reader.ReadUInt32(field + ".chunkSize");
            ComponentEntry.CheckChunking(size, chunkSize, field);
            DigestAlgorithm algorithm = (DigestAlgorithm)reader.ReadByteInRange(field + ".digestAlgorithm", (int)DigestAlgorithm.EsHmacSha256V1, (int)DigestAlgorithm.EsHmacSha256V1, MalformedReason.ValueOutOfRange);
            byte[] componentDigest = reader.ReadBytes(EsHmacSha256V1.DigestLength, field + ".componentDigest");
            int chunkCount = EsHmacSha256V1.ChunkCount(size, (int)chunkSize);
            byte[] chunkDigests = reader.ReadBytes(chunkCount * EsHmacSha256V1.DigestLength, field + ".chunkDigests");
            return new ComponentEntry(name, kind, (int)size, (int)chunkSize, algorithm, componentDigest, chunkDigests, field);
        }

        private static void CheckNumbers(long securityCounter, long created, long expires)
        {
            if (securityCounter < 0 || securityCounter > MaxSecurityCounter)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, "manifest.securityCounter", "must be 0.." + MaxSecurityCounter);
            }

            if (created < 0)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, "manifest.created", "must not be negative");
            }

            if (expires <= created)
            {
                throw new MalformedDataException(MalformedReason.Inconsistent, "manifest.expires", "must be later than manifest.created");
            }
        }

        private static string[] CopyCves(string[] cves)
        {
            if (cves == null)
            {
                return new string[0];
            }

            if (cves.Length > MaxCves)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, "manifest.fixedCves", "count must be 0.." + MaxCves);
            }

            string[] copy = new string[cves.Length];
            for (int i = 0; i < cves.Length; i++)
            {
                AsciiText.Validate(cves[i], 1, MaxCveLength, AsciiCharacterSet.UpperIdentifier, "manifest.fixedCves[" + i + "]");
                copy[i] = cves[i];
            }

            return copy;
        }

        private static ComponentEntry[] CopyComponents(ComponentEntry[] components)
        {
            if (components == null || components.Length < 1 || components.Length > MaxComponents)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, "manifest.components", "count must be 1.." + MaxComponents);
            }

            ComponentEntry[] copy = new ComponentEntry[components.Length];
            for (int i = 0; i < components.Length; i++)
            {
                if (components[i] == null)
                {
                    throw new MalformedDataException(MalformedReason.MissingEntry, "manifest.components[" + i + "]", "is null");
                }

                // File systems may fold case: names must differ in more than case.
                string lower = components[i].Name.ToLower();
                for (int j = 0; j < i; j++)
                {
                    if (copy[j].Name.ToLower() == lower)
                    {
                        throw new MalformedDataException(MalformedReason.DuplicateEntry, "manifest.components[" + i + "].name", "file name " + components[i].Name + " is used twice");
                    }
                }

                copy[i] = components[i];
            }

            return copy;
        }

        private int EncodedLength()
        {
            int length = 4 + 2 + BundleIdLength + 1 + HardwareClass.Length + 10 + 4 + 8 + 8 + 2 + ReleaseNotes.Length + 1;
            for (int i = 0; i < _cves.Length; i++)
            {
                length += 1 + _cves[i].Length;
            }

            length += 1;
            for (int i = 0; i < _components.Length; i++)
            {
                ComponentEntry c = _components[i];
                length += 1 + c.Name.Length + 1 + 4 + 4 + 1 + EsHmacSha256V1.DigestLength + c.ChunkDigestBytes.Length;
            }

            return length;
        }
    }
}
