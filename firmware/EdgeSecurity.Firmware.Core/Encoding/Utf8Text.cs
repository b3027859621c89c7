namespace EdgeSecurity.Firmware.Core.Serialization
{
    /// <summary>
    /// Strict UTF-8, written here because nanoFramework's mscorlib has no System.Text (the core depends on
    /// mscorlib alone). Validation is strict so a decoded text field re-encodes to exactly the bytes that
    /// were MACed; encoding and decoding follow the .NET encoder for well-formed input.
    /// </summary>
    internal static class Utf8Text
    {
        private const char ReplacementCharacter = '\uFFFD';

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
            var bytes = Encode(text);
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

        /// <summary>
        /// UTF-8 of <paramref name="text"/>. A lone surrogate becomes U+FFFD, as .NET's <c>Encoding.UTF8</c>
        /// does, so the bytes are always well-formed.
        /// </summary>
        public static byte[] Encode(string text)
        {
            int length = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int cp = CodePointAt(text, i);
                length += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (cp >= 0x10000)
                {
                    i++;
                }
            }

            var bytes = new byte[length];
            int o = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int cp = CodePointAt(text, i);
                if (cp < 0x80)
                {
                    bytes[o++] = (byte)cp;
                }
                else if (cp < 0x800)
                {
                    bytes[o++] = (byte)(0xC0 | (cp >> 6));
                    bytes[o++] = (byte)(0x80 | (cp & 0x3F));
                }
                else if (cp < 0x10000)
                {
                    bytes[o++] = (byte)(0xE0 | (cp >> 12));
                    bytes[o++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    bytes[o++] = (byte)(0x80 | (cp & 0x3F));
                }
                else
                {
                    bytes[o++] = (byte)(0xF0 | (cp >> 18));
                    bytes[o++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    bytes[o++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    bytes[o++] = (byte)(0x80 | (cp & 0x3F));
                    i++;
                }
            }

            return bytes;
        }

        /// <summary>
        /// Decodes bytes that <see cref="IsValid"/> accepted. Code points above U+FFFF become surrogate pairs.
        /// Malformed input throws: callers validate first, so a malformed sequence here is a bug.
        /// </summary>
        public static string Decode(byte[] data, int offset, int count)
        {
            var chars = new char[count];
            int n = 0;
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                int b = data[i];
                int cp;
                int extra;
                if (b < 0x80)
                {
                    cp = b; extra = 0;
                }
                else if ((b & 0xE0) == 0xC0)
                {
                    cp = b & 0x1F; extra = 1;
                }
                else if ((b & 0xF0) == 0xE0)
                {
                    cp = b & 0x0F; extra = 2;
                }
                else if ((b & 0xF8) == 0xF0)
                {
                    cp = b & 0x07; extra = 3;
                }
                else
                {
                    throw new System.ArgumentException("not UTF-8 at byte " + (i - offset));
                }

                if (i + extra >= end)
                {
                    throw new System.ArgumentException("truncated UTF-8 at byte " + (i - offset));
                }

                for (int k = 1; k <= extra; k++)
                {
                    cp = (cp << 6) | (data[i + k] & 0x3F);
                }

                if (cp >= 0x10000)
                {
                    cp -= 0x10000;
                    chars[n++] = (char)(0xD800 + (cp >> 10));
                    chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)cp;
                }

                i += extra + 1;
            }

            return new string(chars, 0, n);
        }

        private static int CodePointAt(string text, int i)
        {
            int c = text[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length)
            {
                int low = text[i + 1];
                if (low >= 0xDC00 && low <= 0xDFFF)
                {
                    return 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                }
            }

            return c >= 0xD800 && c <= 0xDFFF ? ReplacementCharacter : c;
        }
    }
}
