namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// A table entry for additions of a per-signature point (the public key's multiples): (Y+X, Y-X, Z, 2d*T),
    /// the form the addition formula consumes directly.
    /// </summary>
    internal sealed class CachedPoint
    {
        internal readonly int[] YPlusX = Field25519.Create();
        internal readonly int[] YMinusX = Field25519.Create();
        internal readonly int[] Z = Field25519.Create();
        internal readonly int[] T2d = Field25519.Create();
    }
}
