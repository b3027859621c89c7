using System;

namespace EdgeSecurity.Firmware.PortableCases.Support
{
    /// <summary>Lower-case hex, written here because nanoFramework's mscorlib has no hex conversion.</summary>
    public static class Hex
    {
        private const string Digits = "0123456789abcdef";

        public static string Encode(byte[] data)
        {
            return Encode(data, 0, data.Length);
        }

        public static string Encode(byte[] data, int offset, int count)
        {
            char[] text = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                text[2 * i] = Digits[data[offset + i] >> 4];
                text[(2 * i) + 1] = Digits[data[offset + i] & 0x0F];
            }

            return new string(text);
        }

        public static byte[] Decode(string hex)
        {
            if (hex.Length % 2 != 0)
            {
                throw new ArgumentException("hex text has an odd number of digits");
            }

            byte[] data = new byte[hex.Length / 2];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[(2 * i) + 1]));
            }

            return data;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            throw new ArgumentException("not a hex digit: " + c);
        }
    }
}
