namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>
    /// Checks one signature of one algorithm. The signed message is <paramref name="prefix"/> followed by
    /// <paramref name="message"/> (the domain-separation context and the object's bytes), passed apart so no
    /// caller has to concatenate them.
    /// </summary>
    public interface ISignatureVerifier
    {
        SignatureAlgorithm Algorithm { get; }

        /// <summary>True only for a valid signature; false (never an exception) for any malformed argument.</summary>
        bool Verify(byte[] publicKey, byte[] prefix, byte[] message, byte[] signature);
    }
}
