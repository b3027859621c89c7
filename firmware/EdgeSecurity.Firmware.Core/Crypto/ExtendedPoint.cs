namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// A point in extended coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z, x*y = T/Z. Also used as a plain
    /// projective point (X:Y:Z) where T is not needed (the accumulator between doublings).
    /// </summary>
    internal sealed class ExtendedPoint
    {
        internal readonly int[] X = Field25519.Create();
        internal readonly int[] Y = Field25519.Create();
        internal readonly int[] Z = Field25519.Create();
        internal readonly int[] T = Field25519.Create();

        internal void SetIdentity()
        {
            Field25519.Zero(X);
            Field25519.One(Y);
            Field25519.One(Z);
            Field25519.Zero(T);
        }
    }
}
