namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// The canonical encodings of the eight points of order 1, 2, 4 and 8 (the torsion subgroup of
    /// edwards25519). A public key or signature R that is one of them is rejected (docs/crypto.md):
    /// with such a key, [k]A is the identity or a torsion point independent of the message, so one
    /// signature could verify for many messages. SmallOrderPointsTests proves each has order dividing 8.
    /// </summary>
    internal static class SmallOrderPoints
    {
        private static readonly byte[][] Encodings =
        {
            // identity (0, 1)
            Hex("0100000000000000000000000000000000000000000000000000000000000000"),
            // order 2: (0, -1)
            Hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            // order 4: (+-sqrt(-1), 0)
            Hex("0000000000000000000000000000000000000000000000000000000000000000"),
            Hex("0000000000000000000000000000000000000000000000000000000000000080"),
            // order 8: two y values, each with both signs of x
            Hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
            Hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
            Hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
            Hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
        };

        internal static int Count
        {
            get { return Encodings.Length; }
        }

        /// <summary>A copy of the i-th encoding (tests).</summary>
        internal static byte[] Get(int i)
        {
            return (byte[])Encodings[i].Clone();
        }

        /// <summary>True when the 32 bytes at <paramref name="offset"/> are one of the eight encodings.</summary>
        internal static bool Contains(byte[] s, int offset)
        {
            for (int i = 0; i < Encodings.Length; i++)
            {
                if (ConstantTime.AreEqual(s, offset, Encodings[i], 0, PointEncoding.Size))
                {
                    return true;
                }
            }

            return false;
        }

        private static byte[] Hex(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((HexDigit(hex[2 * i]) << 4) | HexDigit(hex[(2 * i) + 1]));
            }

            return bytes;
        }

        private static int HexDigit(char c)
        {
            return c <= '9' ? c - '0' : c - 'a' + 10;
        }
    }
}
