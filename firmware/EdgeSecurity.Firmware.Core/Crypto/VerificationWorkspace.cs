namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// Every temporary one Ed25519 verification needs, allocated once per call so that nothing is
    /// allocated inside the scalar-multiplication loop (the nanoFramework garbage collector is slow and
    /// the heap small); the workspace itself is about 6 KB.
    /// </summary>
    internal sealed class VerificationWorkspace
    {
        /// <summary>Odd multiples of -A for the public-key window: -A, -3A, ..., -15A.</summary>
        internal const int KeyWindowWidth = 5;

        internal readonly int[] T0 = Field25519.Create();
        internal readonly int[] T1 = Field25519.Create();
        internal readonly int[] T2 = Field25519.Create();
        internal readonly int[] T3 = Field25519.Create();
        internal readonly int[] T4 = Field25519.Create();
        internal readonly int[] T5 = Field25519.Create();
        internal readonly byte[] Bytes = new byte[32];

        internal readonly ExtendedPoint Key = new ExtendedPoint();
        internal readonly ExtendedPoint Accumulator = new ExtendedPoint();
        internal readonly ExtendedPoint Sum = new ExtendedPoint();
        internal readonly CompletedPoint Completed = new CompletedPoint();
        internal readonly CachedPoint[] KeyMultiples = NewCachedTable(1 << (KeyWindowWidth - 2));

        internal readonly sbyte[] KeyDigits = new sbyte[256];
        internal readonly sbyte[] BaseDigits = new sbyte[256];
        internal readonly long[] ScalarLimbs = new long[Scalar25519.WideLimbs];
        internal readonly byte[] Challenge = new byte[32];
        internal readonly byte[] Encoded = new byte[32];
        internal readonly Sha512 Hash = new Sha512();

        private static CachedPoint[] NewCachedTable(int count)
        {
            CachedPoint[] table = new CachedPoint[count];
            for (int i = 0; i < count; i++)
            {
                table[i] = new CachedPoint();
            }

            return table;
        }
    }
}
