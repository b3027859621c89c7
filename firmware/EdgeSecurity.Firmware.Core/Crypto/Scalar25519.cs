using System;

namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493, as 32 little-endian
    /// bytes: the canonical-S check, the reduction of the 64-byte challenge hash, and the signed-digit
    /// (width-w NAF) recoding the scalar multiplication walks.
    /// </summary>
    internal static class Scalar25519
    {
        internal const int Size = 32;

        /// <summary>16-bit limbs of an intermediate value below 2^272 while reducing.</summary>
        internal const int WideLimbs = 17;

        /// <summary>L, little-endian.</summary>
        private static readonly byte[] Order =
        {
            0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
        };

        /// <summary>L - 2^252 in 16-bit limbs (125 bits): 2^252 = -(this) mod L.</summary>
        private static readonly long[] OrderLow = { 0xD3ED, 0x5CF5, 0x631A, 0x5812, 0x9CD6, 0xA2F7, 0xF9DE, 0x14DE };

        /// <summary>True when the 32 bytes at <paramref name="offset"/> encode an integer below L (RFC 8032 5.1.7 step 1).</summary>
        internal static bool IsCanonical(byte[] s, int offset)
        {
            for (int i = Size - 1; i >= 0; i--)
            {
                int a = s[offset + i];
                int b = Order[i];
                if (a != b)
                {
                    return a < b;
                }
            }

            return false;
        }

        /// <summary>
        /// output = (64-byte little-endian integer) mod L. Horner's rule on 16-bit words from the top: each
        /// step shifts in a word, splits off the bits above 2^252 as q and replaces q*2^252 with -q*(L - 2^252).
        /// </summary>
        internal static void ReduceWide(byte[] output, byte[] input, long[] r)
        {
            for (int i = 0; i < WideLimbs; i++)
            {
                r[i] = 0;
            }

            for (int word = 31; word >= 0; word--)
            {
                // r < L < 2^253, so r * 2^16 + word < 2^269 fits in the 17 limbs.
                for (int i = WideLimbs - 1; i > 0; i--)
                {
                    r[i] = r[i - 1];
                }

                r[0] = input[2 * word] | (input[(2 * word) + 1] << 8);

                long q = (r[15] >> 12) | (r[16] << 4);
                r[15] &= 0xFFF;
                r[16] = 0;

                // r - q * (L - 2^252) lies in (-2^142, 2^252); a negative result wraps to 2^256 + r and gets L added.
                long carry = 0;
                for (int i = 0; i < 16; i++)
                {
                    long v = r[i] + carry;
                    if (i < OrderLow.Length)
                    {
                        v -= q * OrderLow[i];
                    }

                    carry = v >> 16;
                    r[i] = v & 0xFFFF;
                }

                if (carry < 0)
                {
                    carry = 0;
                    for (int i = 0; i < 16; i++)
                    {
                        long v = r[i] + Order[2 * i] + (Order[(2 * i) + 1] << 8) + carry;
                        carry = v >> 16;
                        r[i] = v & 0xFFFF;
                    }
                }
            }

            for (int i = 0; i < 16; i++)
            {
                output[2 * i] = (byte)r[i];
                output[(2 * i) + 1] = (byte)(r[i] >> 8);
            }
        }

        /// <summary>
        /// Recodes a scalar below 2^253 into 256 signed digits, each zero or odd with |digit| &lt; 2^(width-1),
        /// at least width - 1 zeros between non-zero digits, and sum(digit[i] * 2^i) = scalar.
        /// </summary>
        internal static void ToNonAdjacentForm(sbyte[] digits, byte[] scalar, int width)
        {
            Array.Clear(digits, 0, digits.Length);
            int windowSize = 1 << width;
            int windowMask = windowSize - 1;
            int half = windowSize >> 1;
            int position = 0;
            int carry = 0;
            while (position < 256)
            {
                int window = carry + (ReadBits(scalar, position) & windowMask);
                if ((window & 1) == 0)
                {
                    // Even: digit 0 here and the carry moves up one bit.
                    position++;
                    continue;
                }

                if (window < half)
                {
                    digits[position] = (sbyte)window;
                    carry = 0;
                }
                else
                {
                    digits[position] = (sbyte)(window - windowSize);
                    carry = 1;
                }

                position += width;
            }
        }

        /// <summary>Up to 9 bits of the scalar from bit <paramref name="position"/> on (bits past 255 read as 0).</summary>
        private static int ReadBits(byte[] scalar, int position)
        {
            int index = position >> 3;
            int low = scalar[index];
            int high = index + 1 < Size ? scalar[index + 1] : 0;
            return ((high << 8) | low) >> (position & 7);
        }
    }
}
