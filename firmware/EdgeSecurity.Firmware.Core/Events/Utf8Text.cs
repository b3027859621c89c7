using System.Text;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>Strict UTF-8 checks, so a decoded text field re-encodes to exactly the bytes that were MACed.</summary>
    internal static class Utf8Text
    {
        /// <summary>True when the bytes are well-formed UTF-8 (shortest form, no surrogates, ≤ U+10FFFF).</summary>
        public static bool IsValid(byte[] data)
        {
            int i = 0;
            while (i < data.Length)
            {
                int b = data[i];
                int extra;
                int min;
                int cp;
                if (b < 0x80)
                {
                    i++;
                    continue;
                }
                else if (b >= 0xC2 && b <= 0xDF)
                {
                    extra = 1; min = 0x80; cp = b & 0x1F;
                }
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    extra = 2; min = 0x800; cp = b & 0x0F;
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    extra = 3; min = 0x10000; cp = b & 0x07;
                }
                else
                {
                    return false;
                }

                if (i + extra >= data.Length)
                {
                    return false;
                }

                for (int k = 1; k <= extra; k++)
                {
                    int c = data[i + k];
                    if ((c & 0xC0) != 0x80)
                    {
                        return false;
                    }

                    cp = (cp << 6) | (c & 0x3F);
                }

                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return false;
                }

                i += extra + 1;
            }

            return true;
        }

        /// <summary>UTF-8 of <paramref name="text"/>, cut at a character boundary to at most <paramref name="maxBytes"/>.</summary>
        public static byte[] EncodeTruncated(string text, int maxBytes)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (bytes.Length <= maxBytes)
            {
                return bytes;
            }

            int cut = maxBytes;
            while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
            {
                cut--;
            }

            var result = new byte[cut];
            System.Array.Copy(bytes, 0, result, 0, cut);
            return result;
        }
    }
}
