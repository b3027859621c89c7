using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.PortableCases.Support
{
    /// <summary>What several cases share: the verifiers wired to the managed HMAC, the vectors' clock and device.</summary>
    public static class CaseKit
    {
        /// <summary>The hardware class the generated bundles are built for.</summary>
        public const string HardwareClass = "esp32-test-board";

        public static long Now(VectorSet vectors)
        {
            return vectors.Number("now");
        }

        public static TrustRootVerifier TrustRootVerifier()
        {
            return new TrustRootVerifier(new Ed25519SignatureVerifier(), new ManagedHmacSha256());
        }

        public static BundleVerifier BundleVerifier()
        {
            return new BundleVerifier(new Ed25519SignatureVerifier(), new ManagedHmacSha256());
        }

        /// <summary>A copy of <paramref name="data"/> with the bits of byte <paramref name="index"/> inverted.</summary>
        public static byte[] Flipped(byte[] data, int index)
        {
            byte[] copy = (byte[])data.Clone();
            copy[index] ^= 0xFF;
            return copy;
        }

        public static string Describe(SignatureTally tally)
        {
            return tally == null ? "tally:none" : "tally:" + tally.Valid + "/" + tally.Threshold + ",inv" + tally.Invalid + ",rev" + tally.Revoked + ",unk" + tally.Unknown;
        }
    }
}
