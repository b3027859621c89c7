namespace EdgeSecurity.Firmware.Core.Digests
{
    /// <summary>Digest algorithm identifiers as they appear on the wire (one byte).</summary>
    public enum DigestAlgorithm : byte
    {
        /// <summary>Chunked HMAC-SHA256 under a fixed published key (docs/formats/digest.md).</summary>
        EsHmacSha256V1 = 1,
    }
}
