namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// The output of an addition or doubling before its final multiplications: x = X/Z, y = Y/T.
    /// Converting to projective costs 3 multiplications and to extended 4, so the caller picks the one
    /// the next step needs.
    /// </summary>
    internal sealed class CompletedPoint
    {
        internal readonly int[] X = Field25519.Create();
        internal readonly int[] Y = Field25519.Create();
        internal readonly int[] Z = Field25519.Create();
        internal readonly int[] T = Field25519.Create();
    }
}
