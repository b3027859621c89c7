namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>
    /// The keyed hash the device computes natively. nanoFramework exposes only one-shot HMAC-SHA256
    /// (mbedTLS, hardware SHA on ESP32); there is no plain SHA-256 and no incremental API, so the core
    /// builds every digest of large data from one-shot calls over bounded chunks.
    /// </summary>
    public interface IMacPrimitive
    {
        /// <summary>HMAC-SHA256 (RFC 2104) of the whole <paramref name="data"/> array under <paramref name="key"/>.</summary>
        byte[] HmacSha256(byte[] key, byte[] data);
    }
}
