namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>Signature algorithm identifiers as they appear on the wire (one byte).</summary>
    public enum SignatureAlgorithm : byte
    {
        /// <summary>Ed25519 (RFC 8032, pure): 32-byte public keys, 64-byte signatures.</summary>
        Ed25519 = 1,
    }
}
