using System;

namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// Elements of GF(p), p = 2^255 - 19, as 10 signed limbs of alternating 26 and 25 bits (radix 2^25.5):
    /// value = f[0] + f[1]*2^26 + f[2]*2^51 + f[3]*2^77 + ... + f[9]*2^230.
    /// </summary>
    /// <remarks>
    /// Limbs are kept in int arrays and multiplied as longs; additions and subtractions do not carry, and
    /// the point formulas never add more than three reduced elements before a multiplication (see
    /// <see cref="Multiply"/>). Every routine writes into caller-owned arrays so that one verification
    /// allocates its temporaries once. All of this runs on public data (keys, signatures, messages) and is
    /// therefore variable-time.
    /// </remarks>
    internal static partial class Field25519
    {
        internal const int Limbs = 10;

        /// <summary>Bit offset of each limb inside the 255-bit little-endian encoding.</summary>
        private static readonly int[] LimbShift = { 0, 26, 51, 77, 102, 128, 153, 179, 204, 230 };

        /// <summary>The curve constant d = -121665/121666.</summary>
        internal static readonly int[] D = { 56195235, 13857412, 51736253, 6949390, 114729, 24766616, 60832955, 30306712, 48412415, 21499315 };

        /// <summary>2*d, used by the cached form of extended points.</summary>
        internal static readonly int[] D2 = { 45281625, 27714825, 36363642, 13898781, 229458, 15978800, 54557047, 27058993, 29715967, 9444199 };

        /// <summary>sqrt(-1) = 2^((p-1)/4), used when the first square-root candidate is off by that factor.</summary>
        internal static readonly int[] SqrtMinusOne = { 34513072, 25610706, 9377949, 3500415, 12389472, 33281959, 41962654, 31548777, 326685, 11406482 };

        internal static int[] Create()
        {
            return new int[Limbs];
        }

        internal static void Zero(int[] h)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = 0;
            }
        }

        internal static void One(int[] h)
        {
            Zero(h);
            h[0] = 1;
        }

        internal static void Copy(int[] h, int[] f)
        {
            Array.Copy(f, h, Limbs);
        }

        /// <summary>h = f + g without carrying. h may alias f or g.</summary>
        internal static void Add(int[] h, int[] f, int[] g)
        {
            h[0] = f[0] + g[0];
            h[1] = f[1] + g[1];
            h[2] = f[2] + g[2];
            h[3] = f[3] + g[3];
            h[4] = f[4] + g[4];
            h[5] = f[5] + g[5];
            h[6] = f[6] + g[6];
            h[7] = f[7] + g[7];
            h[8] = f[8] + g[8];
            h[9] = f[9] + g[9];
        }

        /// <summary>h = f - g without carrying (limbs may become negative). h may alias f or g.</summary>
        internal static void Subtract(int[] h, int[] f, int[] g)
        {
            h[0] = f[0] - g[0];
            h[1] = f[1] - g[1];
            h[2] = f[2] - g[2];
            h[3] = f[3] - g[3];
            h[4] = f[4] - g[4];
            h[5] = f[5] - g[5];
            h[6] = f[6] - g[6];
            h[7] = f[7] - g[7];
            h[8] = f[8] - g[8];
            h[9] = f[9] - g[9];
        }

        /// <summary>h = -f. h may alias f.</summary>
        internal static void Negate(int[] h, int[] f)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = -f[i];
            }
        }

        /// <summary>Loads 32 little-endian bytes, ignoring the top bit (bit 255), as RFC 8032 decoding does.</summary>
        internal static void FromBytes(int[] h, byte[] s, int offset)
        {
            for (int i = 0; i < Limbs; i++)
            {
                int shift = LimbShift[i];
                int at = offset + (shift >> 3);
                long word = s[at] | ((long)s[at + 1] << 8) | ((long)s[at + 2] << 16) | ((long)s[at + 3] << 24);
                int bits = (i & 1) == 0 ? 26 : 25;
                h[i] = (int)((word >> (shift & 7)) & ((1L << bits) - 1));
            }
        }

        /// <summary>Writes the unique encoding of f mod p (0 &lt;= value &lt; p) as 32 little-endian bytes.</summary>
        internal static void ToBytes(byte[] s, int offset, int[] f)
        {
            long h0 = f[0], h1 = f[1], h2 = f[2], h3 = f[3], h4 = f[4], h5 = f[5], h6 = f[6], h7 = f[7], h8 = f[8], h9 = f[9];

            // Three floor-carry passes leave every limb in [0, 2^26) or [0, 2^25), i.e. a value in [0, 2^255).
            for (int pass = 0; pass < 3; pass++)
            {
                long c;
                c = h0 >> 26; h1 += c; h0 -= c << 26;
                c = h1 >> 25; h2 += c; h1 -= c << 25;
                c = h2 >> 26; h3 += c; h2 -= c << 26;
                c = h3 >> 25; h4 += c; h3 -= c << 25;
                c = h4 >> 26; h5 += c; h4 -= c << 26;
                c = h5 >> 25; h6 += c; h5 -= c << 25;
                c = h6 >> 26; h7 += c; h6 -= c << 26;
                c = h7 >> 25; h8 += c; h7 -= c << 25;
                c = h8 >> 26; h9 += c; h8 -= c << 26;
                c = h9 >> 25; h0 += 19 * c; h9 -= c << 25;
            }

            // q = 1 exactly when value >= p, i.e. when value + 19 reaches 2^255; then subtract p = add 19, drop 2^255.
            long q = (h0 + 19) >> 26;
            q = (h1 + q) >> 25;
            q = (h2 + q) >> 26;
            q = (h3 + q) >> 25;
            q = (h4 + q) >> 26;
            q = (h5 + q) >> 25;
            q = (h6 + q) >> 26;
            q = (h7 + q) >> 25;
            q = (h8 + q) >> 26;
            q = (h9 + q) >> 25;
            h0 += 19 * q;
            long carry;
            carry = h0 >> 26; h1 += carry; h0 -= carry << 26;
            carry = h1 >> 25; h2 += carry; h1 -= carry << 25;
            carry = h2 >> 26; h3 += carry; h2 -= carry << 26;
            carry = h3 >> 25; h4 += carry; h3 -= carry << 25;
            carry = h4 >> 26; h5 += carry; h4 -= carry << 26;
            carry = h5 >> 25; h6 += carry; h5 -= carry << 25;
            carry = h6 >> 26; h7 += carry; h6 -= carry << 26;
            carry = h7 >> 25; h8 += carry; h7 -= carry << 25;
            carry = h8 >> 26; h9 += carry; h8 -= carry << 26;
            h9 &= (1L << 25) - 1;

            PackLimbs(s, offset, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
        }

        private static void PackLimbs(byte[] s, int offset, long h0, long h1, long h2, long h3, long h4, long h5, long h6, long h7, long h8, long h9)
        {
            long pending = 0;
            int pendingBits = 0;
            int at = offset;
            Emit(s, ref at, ref pending, ref pendingBits, h0, 26);
            Emit(s, ref at, ref pending, ref pendingBits, h1, 25);
            Emit(s, ref at, ref pending, ref pendingBits, h2, 26);
            Emit(s, ref at, ref pending, ref pendingBits, h3, 25);
            Emit(s, ref at, ref pending, ref pendingBits, h4, 26);
            Emit(s, ref at, ref pending, ref pendingBits, h5, 25);
            Emit(s, ref at, ref pending, ref pendingBits, h6, 26);
            Emit(s, ref at, ref pending, ref pendingBits, h7, 25);
            Emit(s, ref at, ref pending, ref pendingBits, h8, 26);
            Emit(s, ref at, ref pending, ref pendingBits, h9, 25);
            s[at] = (byte)pending;
        }

        /// <summary>Appends one limb to the bit stream and writes out every completed byte.</summary>
        private static void Emit(byte[] s, ref int at, ref long pending, ref int pendingBits, long limb, int bits)
        {
            pending |= limb << pendingBits;
            pendingBits += bits;
            while (pendingBits >= 8)
            {
                s[at++] = (byte)pending;
                pending >>= 8;
                pendingBits -= 8;
            }
        }

        /// <summary>True when f mod p is odd, the "negative" x of RFC 8032's sign bit. Uses <paramref name="scratch"/> (32 bytes).</summary>
        internal static bool IsNegative(int[] f, byte[] scratch)
        {
            ToBytes(scratch, 0, f);
            return (scratch[0] & 1) != 0;
        }

        /// <summary>True when f = 0 mod p. Uses <paramref name="scratch"/> (32 bytes).</summary>
        internal static bool IsZero(int[] f, byte[] scratch)
        {
            ToBytes(scratch, 0, f);
            int any = 0;
            for (int i = 0; i < 32; i++)
            {
                any |= scratch[i];
            }

            return any == 0;
        }

        /// <summary>output = z^(p-2) = 1/z (0 for z = 0). Needs four temporaries distinct from z and output.</summary>
        internal static void Invert(int[] output, int[] z, int[] t0, int[] t1, int[] t2, int[] t3)
        {
            Pow2To250Minus1(t1, t0, z, t2, t3);
            SquareTimes(t1, t1, 5);          // z^(2^255 - 2^5)
            Multiply(output, t1, t0);        // z^(2^255 - 21) = z^(p - 2)
        }

        /// <summary>output = z^((p-5)/8) = z^(2^252 - 3), the exponent of RFC 8032's square-root candidate.</summary>
        internal static void PowPMinus5Over8(int[] output, int[] z, int[] t0, int[] t1, int[] t2, int[] t3)
        {
            Pow2To250Minus1(t1, t0, z, t2, t3);
            SquareTimes(t1, t1, 2);          // z^(2^252 - 4)
            Multiply(output, t1, z);
        }

        /// <summary>
        /// The shared head of both exponentiations: result = z^(2^250 - 1) and z11 = z^11
        /// (254 squarings and 11 multiplications in total with the tails).
        /// </summary>
        private static void Pow2To250Minus1(int[] result, int[] z11, int[] z, int[] t2, int[] t3)
        {
            Square(z11, z);                  // z^2
            SquareTimes(result, z11, 2);     // z^8
            Multiply(result, z, result);     // z^9
            Multiply(z11, z11, result);      // z^11
            Square(t2, z11);                 // z^22
            Multiply(result, result, t2);    // z^31 = z^(2^5 - 1)
            SquareTimes(t2, result, 5);
            Multiply(result, t2, result);    // z^(2^10 - 1)
            SquareTimes(t2, result, 10);
            Multiply(t2, t2, result);        // z^(2^20 - 1)
            SquareTimes(t3, t2, 20);
            Multiply(t2, t3, t2);            // z^(2^40 - 1)
            SquareTimes(t2, t2, 10);
            Multiply(result, t2, result);    // z^(2^50 - 1)
            SquareTimes(t2, result, 50);
            Multiply(t2, t2, result);        // z^(2^100 - 1)
            SquareTimes(t3, t2, 100);
            Multiply(t2, t3, t2);            // z^(2^200 - 1)
            SquareTimes(t2, t2, 50);
            Multiply(result, t2, result);    // z^(2^250 - 1)
        }

        /// <summary>h = f^(2^times), times >= 1. h may alias f.</summary>
        private static void SquareTimes(int[] h, int[] f, int times)
        {
            Square(h, f);
            for (int i = 1; i < times; i++)
            {
                Square(h, h);
            }
        }
    }
}
