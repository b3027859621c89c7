using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>
    /// The signed envelope shared by manifests and trust roots: magic, format version, the payload (the
    /// object's own encoding) and 1..16 signatures over context prefix || payload
    /// (docs/formats/README.md, "Signed envelope").
    /// </summary>
    public sealed class SignedEnvelope
    {
        public const int FormatVersion = 1;
        public const int MaxSignatures = 16;

        private readonly byte[] _payload;
        private readonly SignatureEntry[] _signatures;

        private SignedEnvelope(byte[] payload, SignatureEntry[] signatures)
        {
            _payload = payload;
            _signatures = signatures;
        }

        public int SignatureCount
        {
            get { return _signatures.Length; }
        }

        /// <summary>A copy of the payload bytes.</summary>
        public byte[] GetPayload()
        {
            return (byte[])_payload.Clone();
        }

        public SignatureEntry GetSignature(int index)
        {
            return _signatures[index];
        }

        internal byte[] Payload
        {
            get { return _payload; }
        }

        internal SignatureEntry[] Signatures
        {
            get { return _signatures; }
        }

        /// <summary>Builds an envelope; throws <see cref="MalformedDataException"/> for what a parser would reject.</summary>
        public static SignedEnvelope Create(byte[] payload, int maxPayloadLength, SignatureEntry[] signatures, string field)
        {
            if (payload == null || payload.Length < 1 || payload.Length > maxPayloadLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field + ".payload", "length must be 1.." + maxPayloadLength);
            }

            if (signatures == null || signatures.Length < 1 || signatures.Length > MaxSignatures)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, field + ".signatures", "count must be 1.." + MaxSignatures);
            }

            SignatureEntry[] copy = new SignatureEntry[signatures.Length];
            for (int i = 0; i < signatures.Length; i++)
            {
                if (signatures[i] == null)
                {
                    throw new MalformedDataException(MalformedReason.MissingEntry, field + ".signatures[" + i + "]", "is null");
                }

                copy[i] = signatures[i];
            }

            return new SignedEnvelope((byte[])payload.Clone(), copy);
        }

        /// <summary>Parses <paramref name="count"/> bytes at <paramref name="offset"/>, which must hold exactly
        /// one envelope behind <paramref name="magic"/> (the signed manifest and signed trust root formats).</summary>
        internal static SignedEnvelope ReadExactly(byte[] data, int offset, int count, byte[] magic, int maxPayloadLength, string field)
        {
            ByteReader reader = new ByteReader(data, offset, count);
            SignedEnvelope envelope = Read(reader, magic, maxPayloadLength, field);
            reader.ExpectEnd(field);
            return envelope;
        }

        /// <summary>The encoding <see cref="ReadExactly"/> parses.</summary>
        internal byte[] ToBytes(byte[] magic)
        {
            ByteWriter writer = new ByteWriter(_payload.Length + 256);
            Write(writer, magic);
            return writer.ToArray();
        }

        private static SignedEnvelope Read(ByteReader reader, byte[] magic, int maxPayloadLength, string field)
        {
            reader.ExpectMagic(magic, field + ".magic");
            reader.ExpectFormatVersion(FormatVersion, field + ".formatVersion");
            int payloadLength = (int)reader.ReadUInt32InRange(field + ".payloadLength", 1, maxPayloadLength, MalformedReason.LengthOutOfRange);
            byte[] payload = reader.ReadBytes(payloadLength, field + ".payload");
            int count = reader.ReadByteInRange(field + ".signatureCount", 1, MaxSignatures, MalformedReason.CountOutOfRange);
            SignatureEntry[] signatures = new SignatureEntry[count];
            for (int i = 0; i < count; i++)
            {
                string entry = field + ".signatures[" + i + "]";
                byte[] keyId = reader.ReadBytes(KeyIds.Length, entry + ".keyId");
                SignatureAlgorithm algorithm = (SignatureAlgorithm)reader.ReadByteInRange(entry + ".algorithm", 1, 255, MalformedReason.ValueOutOfRange);
                int length = reader.ReadUInt16(entry + ".signatureLength");
                SignatureEntry.CheckSignatureLength(algorithm, length, entry + ".signatureLength");
                signatures[i] = new SignatureEntry(keyId, algorithm, reader.ReadBytes(length, entry + ".signature"));
            }

            return new SignedEnvelope(payload, signatures);
        }

        private void Write(ByteWriter writer, byte[] magic)
        {
            writer.WriteBytes(magic);
            writer.WriteUInt16(FormatVersion);
            writer.WriteUInt32(_payload.Length);
            writer.WriteBytes(_payload);
            writer.WriteByte(_signatures.Length);
            for (int i = 0; i < _signatures.Length; i++)
            {
                SignatureEntry signature = _signatures[i];
                writer.WriteBytes(signature.KeyIdBytes);
                writer.WriteByte((byte)signature.Algorithm);
                writer.WriteUInt16(signature.SignatureBytes.Length);
                writer.WriteBytes(signature.SignatureBytes);
            }
        }

        /// <summary>Encoded length of an envelope holding a payload of the given maximum length.</summary>
        internal static int MaxEncodedLength(int maxPayloadLength)
        {
            return 4 + 2 + 4 + maxPayloadLength + 1 + (MaxSignatures * (KeyIds.Length + 1 + 2 + SignatureEntry.MaxSignatureLength));
        }
    }
}
