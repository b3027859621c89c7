using System;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>
    /// Key ids: the first 16 bytes of HMAC(K, 0x02 || u8 algorithm || public key) with the ES-HMAC-SHA256-V1
    /// key (docs/formats/trust-root.md). 16 bytes keep accidental collisions out of reach for any fleet.
    /// </summary>
    public static class KeyIds
    {
        public const int Length = 16;

        public static byte[] Compute(IMacPrimitive mac, SignatureAlgorithm algorithm, byte[] publicKey)
        {
            byte[] digest = EsHmacSha256V1.KeyDigest(mac, (byte)algorithm, publicKey);
            byte[] id = new byte[Length];
            Array.Copy(digest, 0, id, 0, Length);
            return id;
        }

        /// <summary>Equality of two key ids (public values; compared without early exit anyway).</summary>
        public static bool AreEqual(byte[] a, byte[] b)
        {
            return ConstantTime.AreEqual(a, b);
        }

        /// <summary>Lowercase hex, for messages and logs (key ids are public).</summary>
        public static string ToHex(byte[] keyId)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[keyId.Length * 2];
            for (int i = 0; i < keyId.Length; i++)
            {
                chars[2 * i] = digits[keyId[i] >> 4];
                chars[(2 * i) + 1] = digits[keyId[i] & 0x0F];
            }

            return new string(chars);
        }
    }
}
