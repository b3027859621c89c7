using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>The core's managed Ed25519 (RFC 8032, strict) as the trust layer's signature verifier.</summary>
    public sealed class Ed25519SignatureVerifier : ISignatureVerifier
    {
        public SignatureAlgorithm Algorithm
        {
            get { return SignatureAlgorithm.Ed25519; }
        }

        public bool Verify(byte[] publicKey, byte[] prefix, byte[] message, byte[] signature)
        {
            if (publicKey == null || prefix == null || message == null || signature == null)
            {
                return false;
            }

            return Ed25519.Verify(publicKey, prefix, message, signature);
        }
    }
}
