using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>One signature in a signed envelope: who (key id), how (algorithm), and the signature bytes.</summary>
    public sealed class SignatureEntry
    {
        public const int MaxSignatureLength = 512;
        public const int Ed25519SignatureLength = 64;

        private readonly byte[] _keyId;
        private readonly byte[] _signature;

        public SignatureEntry(byte[] keyId, SignatureAlgorithm algorithm, byte[] signature)
        {
            const string field = "signature";
            if (keyId == null || keyId.Length != KeyIds.Length)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field + ".keyId", "must be " + KeyIds.Length + " bytes");
            }

            if (algorithm == 0)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".algorithm", "0 is not an algorithm");
            }

            CheckSignatureLength(algorithm, signature == null ? -1 : signature.Length, field + ".signature");
            _keyId = (byte[])keyId.Clone();
            Algorithm = algorithm;
            _signature = (byte[])signature.Clone();
        }

        public SignatureAlgorithm Algorithm { get; }

        public byte[] KeyId
        {
            get { return (byte[])_keyId.Clone(); }
        }

        public byte[] Signature
        {
            get { return (byte[])_signature.Clone(); }
        }

        internal byte[] KeyIdBytes
        {
            get { return _keyId; }
        }

        internal byte[] SignatureBytes
        {
            get { return _signature; }
        }

        internal static void CheckSignatureLength(SignatureAlgorithm algorithm, int length, string field)
        {
            bool valid = algorithm == SignatureAlgorithm.Ed25519
                ? length == Ed25519SignatureLength
                : length >= 1 && length <= MaxSignatureLength;
            if (!valid)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field, "length " + length + " is not valid for algorithm " + (int)algorithm);
            }
        }
    }
}
