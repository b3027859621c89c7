namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// Multiplication and squaring in GF(2^255 - 19), the hot path of Ed25519 verification.
    /// </summary>
    /// <remarks>
    /// Straight-line code on purpose: the nanoFramework interpreter pays for every IL instruction, so loops,
    /// array indexing inside products and calls per limb would cost more than the products themselves.
    /// A limb product f[i]*g[j] lands on limb (i + j) mod 10; it is doubled when i and j are both odd
    /// (the alternating 26/25-bit radix puts it half a bit too low) and multiplied by 19 when i + j >= 10
    /// (2^255 = 19 mod p). Inputs may be any sum of at most three reduced elements (|limb| &lt;= 2^27): the
    /// largest output sum is 267 * 2^54 &lt; 2^63. Outputs are reduced (|limb| &lt;= 2^25 + small).
    /// </remarks>
    internal static partial class Field25519
    {
        /// <summary>h = f * g. h may alias f or g.</summary>
        internal static void Multiply(int[] h, int[] f, int[] g)
        {
            long f0 = f[0];
            long f1 = f[1];
            long f2 = f[2];
            long f3 = f[3];
            long f4 = f[4];
            long f5 = f[5];
            long f6 = f[6];
            long f7 = f[7];
            long f8 = f[8];
            long f9 = f[9];
            long g0 = g[0];
            long g1 = g[1];
            long g2 = g[2];
            long g3 = g[3];
            long g4 = g[4];
            long g5 = g[5];
            long g6 = g[6];
            long g7 = g[7];
            long g8 = g[8];
            long g9 = g[9];
            long g1_19 = 19 * g1;
            long g2_19 = 19 * g2;
            long g3_19 = 19 * g3;
            long g4_19 = 19 * g4;
            long g5_19 = 19 * g5;
            long g6_19 = 19 * g6;
            long g7_19 = 19 * g7;
            long g8_19 = 19 * g8;
            long g9_19 = 19 * g9;
            long f1_2 = 2 * f1;
            long f3_2 = 2 * f3;
            long f5_2 = 2 * f5;
            long f7_2 = 2 * f7;
            long f9_2 = 2 * f9;
            long h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
            long h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
            long h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
            long h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
            long h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
            long h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
            long h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
            long h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
            long h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
            long h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            h[0] = (int)h0;
            h[1] = (int)h1;
            h[2] = (int)h2;
            h[3] = (int)h3;
            h[4] = (int)h4;
            h[5] = (int)h5;
            h[6] = (int)h6;
            h[7] = (int)h7;
            h[8] = (int)h8;
            h[9] = (int)h9;
        }

        /// <summary>h = f * f. h may alias f.</summary>
        internal static void Square(int[] h, int[] f)
        {
            long f0 = f[0];
            long f1 = f[1];
            long f2 = f[2];
            long f3 = f[3];
            long f4 = f[4];
            long f5 = f[5];
            long f6 = f[6];
            long f7 = f[7];
            long f8 = f[8];
            long f9 = f[9];
            long f0_2 = 2 * f0;
            long f1_2 = 2 * f1;
            long f2_2 = 2 * f2;
            long f3_2 = 2 * f3;
            long f4_2 = 2 * f4;
            long f5_2 = 2 * f5;
            long f6_2 = 2 * f6;
            long f7_2 = 2 * f7;
            long f8_2 = 2 * f8;
            long f6_19 = 19 * f6;
            long f7_19 = 19 * f7;
            long f8_19 = 19 * f8;
            long f9_19 = 19 * f9;
            long f5_38 = 38 * f5;
            long f7_38 = 38 * f7;
            long f9_38 = 38 * f9;
            long h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5 * f5_38;
            long h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
            long h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
            long h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
            long h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7 * f7_38;
            long h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
            long h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
            long h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
            long h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9 * f9_38;
            long h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            h[0] = (int)h0;
            h[1] = (int)h1;
            h[2] = (int)h2;
            h[3] = (int)h3;
            h[4] = (int)h4;
            h[5] = (int)h5;
            h[6] = (int)h6;
            h[7] = (int)h7;
            h[8] = (int)h8;
            h[9] = (int)h9;
        }

        /// <summary>h = 2 * f * f, the doubling formula's 2*Z^2 in one reduction. h may alias f.</summary>
        internal static void SquareDouble(int[] h, int[] f)
        {
            long f0 = f[0];
            long f1 = f[1];
            long f2 = f[2];
            long f3 = f[3];
            long f4 = f[4];
            long f5 = f[5];
            long f6 = f[6];
            long f7 = f[7];
            long f8 = f[8];
            long f9 = f[9];
            long f0_2 = 2 * f0;
            long f1_2 = 2 * f1;
            long f2_2 = 2 * f2;
            long f3_2 = 2 * f3;
            long f4_2 = 2 * f4;
            long f5_2 = 2 * f5;
            long f6_2 = 2 * f6;
            long f7_2 = 2 * f7;
            long f8_2 = 2 * f8;
            long f6_19 = 19 * f6;
            long f7_19 = 19 * f7;
            long f8_19 = 19 * f8;
            long f9_19 = 19 * f9;
            long f5_38 = 38 * f5;
            long f7_38 = 38 * f7;
            long f9_38 = 38 * f9;
            long h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5 * f5_38;
            long h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
            long h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
            long h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
            long h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7 * f7_38;
            long h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
            long h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
            long h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
            long h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9 * f9_38;
            long h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
            h0 += h0;
            h1 += h1;
            h2 += h2;
            h3 += h3;
            h4 += h4;
            h5 += h5;
            h6 += h6;
            h7 += h7;
            h8 += h8;
            h9 += h9;
            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            h[0] = (int)h0;
            h[1] = (int)h1;
            h[2] = (int)h2;
            h[3] = (int)h3;
            h[4] = (int)h4;
            h[5] = (int)h5;
            h[6] = (int)h6;
            h[7] = (int)h7;
            h[8] = (int)h8;
            h[9] = (int)h9;
        }
    }
}
