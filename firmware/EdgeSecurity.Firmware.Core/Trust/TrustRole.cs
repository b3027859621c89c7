using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>A role of a trust root: a name, the key ids allowed to sign for it, and how many must sign.</summary>
    public sealed class TrustRole
    {
        public const int MaxNameLength = 16;
        public const int MaxKeys = 32;

        private readonly byte[][] _keyIds;

        public TrustRole(string name, int threshold, byte[][] keyIds)
            : this(name, threshold, keyIds, "trustRoot.role")
        {
        }

        internal TrustRole(string name, int threshold, byte[][] keyIds, string field)
        {
            AsciiText.Validate(name, 1, MaxNameLength, AsciiCharacterSet.LowerIdentifier, field + ".name");
            if (keyIds == null || keyIds.Length < 1 || keyIds.Length > MaxKeys)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, field + ".keyIds", "count must be 1.." + MaxKeys);
            }

            if (threshold < 1 || threshold > keyIds.Length)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".threshold", "threshold " + threshold + " must be 1.." + keyIds.Length + " (the role's key count)");
            }

            _keyIds = new byte[keyIds.Length][];
            for (int i = 0; i < keyIds.Length; i++)
            {
                if (keyIds[i] == null || keyIds[i].Length != KeyIds.Length)
                {
                    throw new MalformedDataException(MalformedReason.LengthOutOfRange, field + ".keyIds[" + i + "]", "must be " + KeyIds.Length + " bytes");
                }

                for (int j = 0; j < i; j++)
                {
                    if (KeyIds.AreEqual(_keyIds[j], keyIds[i]))
                    {
                        throw new MalformedDataException(MalformedReason.DuplicateEntry, field + ".keyIds[" + i + "]", "key " + KeyIds.ToHex(keyIds[i]) + " is listed twice in role " + name);
                    }
                }

                _keyIds[i] = (byte[])keyIds[i].Clone();
            }

            Name = name;
            Threshold = threshold;
        }

        public string Name { get; }

        /// <summary>Number of distinct, valid, non-revoked signatures by this role's keys needed.</summary>
        public int Threshold { get; }

        public int KeyCount
        {
            get { return _keyIds.Length; }
        }

        public byte[] GetKeyId(int index)
        {
            return (byte[])_keyIds[index].Clone();
        }

        public bool Contains(byte[] keyId)
        {
            for (int i = 0; i < _keyIds.Length; i++)
            {
                if (KeyIds.AreEqual(_keyIds[i], keyId))
                {
                    return true;
                }
            }

            return false;
        }

        internal byte[] KeyIdBytes(int index)
        {
            return _keyIds[index];
        }
    }
}
