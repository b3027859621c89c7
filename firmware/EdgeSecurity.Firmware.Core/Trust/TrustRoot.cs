using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>
    /// The device's trust anchor (docs/formats/trust-root.md): its own version and expiry, public keys,
    /// roles with thresholds, and revoked key ids. Immutable; constructing one enforces the same rules as
    /// parsing, so anything built can be encoded and parsed back.
    /// </summary>
    public sealed class TrustRoot
    {
        public const int FormatVersion = 1;
        public const int MaxKeys = 32;
        public const int MinRoles = 2;
        public const int MaxRoles = 8;
        public const int MaxRevokedKeys = 64;
        public const long MaxVersion = 0xFFFFFFFFL;

        /// <summary>Upper bound of the encoded size, so a device can refuse larger input before reading it.</summary>
        public const int MaxEncodedLength = 16 * 1024;

        internal static readonly byte[] Magic = new byte[] { 0x45, 0x53, 0x54, 0x52 }; // "ESTR"

        private readonly TrustedKey[] _keys;
        private readonly TrustRole[] _roles;
        private readonly byte[][] _revoked;

        public TrustRoot(long version, long expiresUnixSeconds, TrustedKey[] keys, TrustRole[] roles, byte[][] revokedKeyIds)
        {
            const string field = "trustRoot";
            if (version < 1 || version > MaxVersion)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".version", "must be 1.." + MaxVersion);
            }

            if (expiresUnixSeconds <= 0)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".expires", "must be a positive Unix time");
            }

            _keys = CopyKeys(keys, field + ".keys");
            _roles = CopyRoles(roles, _keys, field + ".roles");
            _revoked = CopyRevoked(revokedKeyIds, field + ".revokedKeyIds");
            Version = version;
            ExpiresUnixSeconds = expiresUnixSeconds;
        }

        public long Version { get; }

        public long ExpiresUnixSeconds { get; }

        public int KeyCount
        {
            get { return _keys.Length; }
        }

        public int RoleCount
        {
            get { return _roles.Length; }
        }

        public int RevokedKeyCount
        {
            get { return _revoked.Length; }
        }

        public TrustedKey GetKey(int index)
        {
            return _keys[index];
        }

        public TrustRole GetRole(int index)
        {
            return _roles[index];
        }

        public byte[] GetRevokedKeyId(int index)
        {
            return (byte[])_revoked[index].Clone();
        }

        /// <summary>The key with this id, or null.</summary>
        public TrustedKey FindKey(byte[] keyId)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                if (KeyIds.AreEqual(_keys[i].KeyIdBytes, keyId))
                {
                    return _keys[i];
                }
            }

            return null;
        }

        /// <summary>The role with this name, or null.</summary>
        public TrustRole FindRole(string name)
        {
            for (int i = 0; i < _roles.Length; i++)
            {
                if (_roles[i].Name == name)
                {
                    return _roles[i];
                }
            }

            return null;
        }

        public bool IsRevoked(byte[] keyId)
        {
            for (int i = 0; i < _revoked.Length; i++)
            {
                if (KeyIds.AreEqual(_revoked[i], keyId))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Parses an encoded trust root; throws only <see cref="MalformedDataException"/>.</summary>
        public static TrustRoot Parse(byte[] data)
        {
            if (data == null)
            {
                throw new MalformedDataException(MalformedReason.Truncated, "trustRoot", "no data");
            }

            if (data.Length > MaxEncodedLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, "trustRoot", "longer than " + MaxEncodedLength + " bytes");
            }

            ByteReader reader = new ByteReader(data);
            reader.ExpectMagic(Magic, "trustRoot.magic");
            reader.ExpectFormatVersion(FormatVersion, "trustRoot.formatVersion");
            long version = reader.ReadUInt32InRange("trustRoot.version", 1, MaxVersion, MalformedReason.ValueOutOfRange);
            long expires = reader.ReadInt64("trustRoot.expires");
            if (expires <= 0)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, "trustRoot.expires", "must be a positive Unix time");
            }

            TrustedKey[] keys = ReadKeys(reader);
            TrustRole[] roles = ReadRoles(reader);
            int revokedCount = reader.ReadByteInRange("trustRoot.revokedCount", 0, MaxRevokedKeys, MalformedReason.CountOutOfRange);
            byte[][] revoked = new byte[revokedCount][];
            for (int i = 0; i < revokedCount; i++)
            {
                revoked[i] = reader.ReadBytes(KeyIds.Length, "trustRoot.revokedKeyIds[" + i + "]");
            }

            reader.ExpectEnd("trustRoot");
            return new TrustRoot(version, expires, keys, roles, revoked);
        }

        public byte[] ToBytes()
        {
            ByteWriter writer = new ByteWriter(512);
            writer.WriteBytes(Magic);
            writer.WriteUInt16(FormatVersion);
            writer.WriteUInt32(Version);
            writer.WriteInt64(ExpiresUnixSeconds);
            writer.WriteByte(_keys.Length);
            for (int i = 0; i < _keys.Length; i++)
            {
                writer.WriteBytes(_keys[i].KeyIdBytes);
                writer.WriteByte((byte)_keys[i].Algorithm);
                writer.WriteUInt16(_keys[i].PublicKeyBytes.Length);
                writer.WriteBytes(_keys[i].PublicKeyBytes);
            }

            writer.WriteByte(_roles.Length);
            for (int i = 0; i < _roles.Length; i++)
            {
                TrustRole role = _roles[i];
                writer.WriteByte(role.Name.Length);
                AsciiText.Write(writer, role.Name);
                writer.WriteByte(role.Threshold);
                writer.WriteByte(role.KeyCount);
                for (int k = 0; k < role.KeyCount; k++)
                {
                    writer.WriteBytes(role.KeyIdBytes(k));
                }
            }

            writer.WriteByte(_revoked.Length);
            for (int i = 0; i < _revoked.Length; i++)
            {
                writer.WriteBytes(_revoked[i]);
            }

            return writer.ToArray();
        }

        private static TrustedKey[] ReadKeys(ByteReader reader)
        {
            int count = reader.ReadByteInRange("trustRoot.keyCount", 1, MaxKeys, MalformedReason.CountOutOfRange);
            TrustedKey[] keys = new TrustedKey[count];
            for (int i = 0; i < count; i++)
            {
                string field = "trustRoot.keys[" + i + "]";
                byte[] keyId = reader.ReadBytes(KeyIds.Length, field + ".keyId");
                SignatureAlgorithm algorithm = (SignatureAlgorithm)reader.ReadByteInRange(field + ".algorithm", 1, 255, MalformedReason.ValueOutOfRange);
                int length = reader.ReadUInt16(field + ".publicKeyLength");
                TrustedKey.CheckPublicKeyLength(algorithm, length, field + ".publicKeyLength");
                keys[i] = new TrustedKey(keyId, algorithm, reader.ReadBytes(length, field + ".publicKey"));
            }

            return keys;
        }

        private static TrustRole[] ReadRoles(ByteReader reader)
        {
            int count = reader.ReadByteInRange("trustRoot.roleCount", MinRoles, MaxRoles, MalformedReason.CountOutOfRange);
            TrustRole[] roles = new TrustRole[count];
            for (int i = 0; i < count; i++)
            {
                string field = "trustRoot.roles[" + i + "]";
                int nameLength = reader.ReadByteInRange(field + ".nameLength", 1, TrustRole.MaxNameLength, MalformedReason.LengthOutOfRange);
                string name = AsciiText.Read(reader, nameLength, AsciiCharacterSet.LowerIdentifier, field + ".name");
                int threshold = reader.ReadByte(field + ".threshold");
                int keyCount = reader.ReadByteInRange(field + ".keyCount", 1, TrustRole.MaxKeys, MalformedReason.CountOutOfRange);
                if (threshold < 1 || threshold > keyCount)
                {
                    throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".threshold", "threshold " + threshold + " must be 1.." + keyCount + " (the role's key count)");
                }

                byte[][] keyIds = new byte[keyCount][];
                for (int k = 0; k < keyCount; k++)
                {
                    keyIds[k] = reader.ReadBytes(KeyIds.Length, field + ".keyIds[" + k + "]");
                }

                roles[i] = new TrustRole(name, threshold, keyIds, field);
            }

            return roles;
        }

        private static TrustedKey[] CopyKeys(TrustedKey[] keys, string field)
        {
            if (keys == null || keys.Length < 1 || keys.Length > MaxKeys)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, field, "count must be 1.." + MaxKeys);
            }

            TrustedKey[] copy = new TrustedKey[keys.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] == null)
                {
                    throw new MalformedDataException(MalformedReason.MissingEntry, field + "[" + i + "]", "is null");
                }

                for (int j = 0; j < i; j++)
                {
                    if (KeyIds.AreEqual(copy[j].KeyIdBytes, keys[i].KeyIdBytes))
                    {
                        throw new MalformedDataException(MalformedReason.DuplicateEntry, field + "[" + i + "]", "key id " + KeyIds.ToHex(keys[i].KeyIdBytes) + " is listed twice");
                    }
                }

                copy[i] = keys[i];
            }

            return copy;
        }

        private static TrustRole[] CopyRoles(TrustRole[] roles, TrustedKey[] keys, string field)
        {
            if (roles == null || roles.Length < MinRoles || roles.Length > MaxRoles)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, field, "count must be " + MinRoles + ".." + MaxRoles);
            }

            TrustRole[] copy = new TrustRole[roles.Length];
            for (int i = 0; i < roles.Length; i++)
            {
                TrustRole role = roles[i];
                if (role == null)
                {
                    throw new MalformedDataException(MalformedReason.MissingEntry, field + "[" + i + "]", "is null");
                }

                for (int j = 0; j < i; j++)
                {
                    if (copy[j].Name == role.Name)
                    {
                        throw new MalformedDataException(MalformedReason.DuplicateEntry, field + "[" + i + "]", "role " + role.Name + " is defined twice");
                    }
                }

                for (int k = 0; k < role.KeyCount; k++)
                {
                    if (!ContainsKey(keys, role.KeyIdBytes(k)))
                    {
                        throw new MalformedDataException(MalformedReason.MissingEntry, field + "[" + i + "].keyIds[" + k + "]", "key " + KeyIds.ToHex(role.KeyIdBytes(k)) + " of role " + role.Name + " is not in the key list");
                    }
                }

                copy[i] = role;
            }

            RequireRole(copy, TrustRoleNames.Root, field);
            RequireRole(copy, TrustRoleNames.Release, field);
            return copy;
        }

        private static byte[][] CopyRevoked(byte[][] revoked, string field)
        {
            if (revoked == null)
            {
                revoked = new byte[0][];
            }

            if (revoked.Length > MaxRevokedKeys)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, field, "count must be 0.." + MaxRevokedKeys);
            }

            byte[][] copy = new byte[revoked.Length][];
            for (int i = 0; i < revoked.Length; i++)
            {
                if (revoked[i] == null || revoked[i].Length != KeyIds.Length)
                {
                    throw new MalformedDataException(MalformedReason.LengthOutOfRange, field + "[" + i + "]", "must be " + KeyIds.Length + " bytes");
                }

                for (int j = 0; j < i; j++)
                {
                    if (KeyIds.AreEqual(copy[j], revoked[i]))
                    {
                        throw new MalformedDataException(MalformedReason.DuplicateEntry, field + "[" + i + "]", "key id " + KeyIds.ToHex(revoked[i]) + " is listed twice");
                    }
                }

                copy[i] = (byte[])revoked[i].Clone();
            }

            return copy;
        }

        private static bool ContainsKey(TrustedKey[] keys, byte[] keyId)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                if (KeyIds.AreEqual(keys[i].KeyIdBytes, keyId))
                {
                    return true;
                }
            }

            return false;
        }

        private static void RequireRole(TrustRole[] roles, string name, string field)
        {
            for (int i = 0; i < roles.Length; i++)
            {
                if (roles[i].Name == name)
                {
                    return;
                }
            }

            throw new MalformedDataException(MalformedReason.MissingEntry, field, "required role " + name + " is missing");
        }
    }
}
