using System;

namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// Comparison of secret-dependent byte strings (MACs, digests) whose running time does not depend on
    /// where the first difference is, so a caller cannot learn a MAC byte by byte from timing.
    /// </summary>
    /// <remarks>
    /// The length is not treated as secret: arrays of different lengths compare unequal at once. The loop
    /// accumulates differences with OR and decides only after the last byte; the nanoFramework interpreter
    /// executes that IL as written.
    /// </remarks>
    public static class ConstantTime
    {
        /// <summary>True when both arrays have the same length and contents.</summary>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        public static bool AreEqual(byte[] a, byte[] b)
        {
            if (a == null)
            {
                throw new ArgumentNullException("a");
            }

            if (b == null)
            {
                throw new ArgumentNullException("b");
            }

            return a.Length == b.Length && Accumulate(a, 0, b, 0, a.Length) == 0;
        }

        /// <summary>True when <paramref name="count"/> bytes of a from aOffset equal those of b from bOffset.</summary>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its array or count is negative.</exception>
        public static bool AreEqual(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            if (a == null)
            {
                throw new ArgumentNullException("a");
            }

            if (b == null)
            {
                throw new ArgumentNullException("b");
            }

            if (count < 0)
            {
                throw new ArgumentOutOfRangeException("count", "count must not be negative");
            }

            if (aOffset < 0 || aOffset > a.Length - count)
            {
                throw new ArgumentOutOfRangeException("aOffset", "aOffset and count must describe a range inside a");
            }

            if (bOffset < 0 || bOffset > b.Length - count)
            {
                throw new ArgumentOutOfRangeException("bOffset", "bOffset and count must describe a range inside b");
            }

            return Accumulate(a, aOffset, b, bOffset, count) == 0;
        }

        private static int Accumulate(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            int difference = 0;
            for (int i = 0; i < count; i++)
            {
                difference |= a[aOffset + i] ^ b[bOffset + i];
            }

            return difference;
        }
    }
}
