namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// RFC 8032 section 5.1.2/5.1.3 point encoding: the 255-bit little-endian y coordinate, with the top bit
    /// of the last byte holding the parity ("sign") of x. Decoding is strict (see docs/crypto.md).
    /// </summary>
    internal static class PointEncoding
    {
        internal const int Size = 32;

        /// <summary>True when the y field (top bit ignored) is below p = 2^255 - 19.</summary>
        internal static bool HasCanonicalY(byte[] s, int offset)
        {
            // y >= p only when y = 2^255 - 19 + j, j in 0..18: bytes ed..ff, ff x30, 7f (top bit masked).
            if ((s[offset + 31] & 0x7F) != 0x7F)
            {
                return true;
            }

            for (int i = 30; i >= 1; i--)
            {
                if (s[offset + i] != 0xFF)
                {
                    return true;
                }
            }

            return s[offset] < 0xED;
        }

        /// <summary>
        /// Decodes an encoding into extended coordinates. Returns false for y &gt;= p, for a y with no x on the
        /// curve, and for x = 0 with the sign bit set (the only x with two encodings of one point).
        /// </summary>
        internal static bool TryDecode(ExtendedPoint r, byte[] s, int offset, VerificationWorkspace w)
        {
            if (!HasCanonicalY(s, offset))
            {
                return false;
            }

            bool xNegative = (s[offset + 31] & 0x80) != 0;
            int[] u = w.T0;
            int[] v = w.T1;
            int[] v3 = w.T2;
            int[] check = w.T3;
            Field25519.FromBytes(r.Y, s, offset);
            Field25519.One(r.Z);

            // x^2 = u / v with u = y^2 - 1 and v = d*y^2 + 1.
            Field25519.Square(u, r.Y);
            Field25519.Multiply(v, u, Field25519.D);
            Field25519.Subtract(u, u, r.Z);
            Field25519.Add(v, v, r.Z);

            // Candidate root x = u * v^3 * (u * v^7)^((p-5)/8), one exponentiation instead of an inversion and a root.
            Field25519.Square(v3, v);
            Field25519.Multiply(v3, v3, v);
            Field25519.Square(r.X, v3);
            Field25519.Multiply(r.X, r.X, v);
            Field25519.Multiply(r.X, r.X, u);                 // u * v^7
            Field25519.PowPMinus5Over8(r.T, r.X, w.T4, w.T5, check, r.Z);
            Field25519.One(r.Z);                              // r.Z served as a temporary above
            Field25519.Multiply(r.X, r.T, v3);
            Field25519.Multiply(r.X, r.X, u);

            // v * x^2 is u (root found), -u (root is x * sqrt(-1)), or neither (not on the curve).
            Field25519.Square(check, r.X);
            Field25519.Multiply(check, check, v);
            Field25519.Subtract(v, check, u);
            if (!Field25519.IsZero(v, w.Bytes))
            {
                Field25519.Add(v, check, u);
                if (!Field25519.IsZero(v, w.Bytes))
                {
                    return false;
                }

                Field25519.Multiply(r.X, r.X, Field25519.SqrtMinusOne);
            }

            if (Field25519.IsNegative(r.X, w.Bytes) != xNegative)
            {
                if (Field25519.IsZero(r.X, w.Bytes))
                {
                    return false;
                }

                Field25519.Negate(r.X, r.X);
            }

            Field25519.Multiply(r.T, r.X, r.Y);
            return true;
        }

        /// <summary>Encodes the projective point p (T unused) into 32 bytes at <paramref name="s"/>.</summary>
        internal static void Encode(byte[] s, int offset, ExtendedPoint p, VerificationWorkspace w)
        {
            int[] inverseZ = w.T0;
            int[] x = w.T1;
            int[] y = w.T2;
            Field25519.Invert(inverseZ, p.Z, w.T3, w.T4, w.T5, x);
            Field25519.Multiply(x, p.X, inverseZ);
            Field25519.Multiply(y, p.Y, inverseZ);
            bool xNegative = Field25519.IsNegative(x, w.Bytes);
            Field25519.ToBytes(s, offset, y);
            if (xNegative)
            {
                s[offset + 31] |= 0x80;
            }
        }
    }
}
