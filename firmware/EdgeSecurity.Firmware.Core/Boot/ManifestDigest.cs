using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// The identity a slot record binds to: the first 16 bytes of SHA-512 over the exact signed manifest
    /// bytes written into the slot. A different signed bundle in the slot (another version, the rejected
    /// one copied back, a re-signed manifest) has another digest, so it is not the bundle the record vouches for.
    /// </summary>
    public static class ManifestDigest
    {
        public const int Length = 16;

        public static byte[] Of(byte[] signedManifestBytes)
        {
            byte[] full = Sha512.Hash(signedManifestBytes);
            byte[] digest = new byte[Length];
            System.Array.Copy(full, digest, Length);
            return digest;
        }

        /// <summary>True when both are digests of this length and equal.</summary>
        public static bool AreEqual(byte[] a, byte[] b)
        {
            return a != null && b != null && a.Length == Length && b.Length == Length && ConstantTime.AreEqual(a, b);
        }
    }
}
