using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>A public key listed in a trust root, with its id and algorithm.</summary>
    public sealed class TrustedKey
    {
        public const int MaxPublicKeyLength = 256;
        public const int Ed25519PublicKeyLength = 32;

        private readonly byte[] _keyId;
        private readonly byte[] _publicKey;

        public TrustedKey(byte[] keyId, SignatureAlgorithm algorithm, byte[] publicKey)
        {
            const string field = "trustRoot.key";
            if (keyId == null || keyId.Length != KeyIds.Length)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field + ".keyId", "must be " + KeyIds.Length + " bytes");
            }

            if (algorithm == 0)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".algorithm", "0 is not an algorithm");
            }

            CheckPublicKeyLength(algorithm, publicKey == null ? -1 : publicKey.Length, field + ".publicKey");
            _keyId = (byte[])keyId.Clone();
            Algorithm = algorithm;
            _publicKey = (byte[])publicKey.Clone();
        }

        public SignatureAlgorithm Algorithm { get; }

        public byte[] KeyId
        {
            get { return (byte[])_keyId.Clone(); }
        }

        public byte[] PublicKey
        {
            get { return (byte[])_publicKey.Clone(); }
        }

        internal byte[] KeyIdBytes
        {
            get { return _keyId; }
        }

        internal byte[] PublicKeyBytes
        {
            get { return _publicKey; }
        }

        internal static void CheckPublicKeyLength(SignatureAlgorithm algorithm, int length, string field)
        {
            bool valid = algorithm == SignatureAlgorithm.Ed25519
                ? length == Ed25519PublicKeyLength
                : length >= 1 && length <= MaxPublicKeyLength;
            if (!valid)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field, "length " + length + " is not valid for algorithm " + (int)algorithm);
            }
        }
    }
}
