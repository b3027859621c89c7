namespace EdgeSecurity.Firmware.Core.Serialization
{
    /// <summary>
    /// The character sets of the formats' text fields. All text is ASCII: it needs no UTF-8 validation on
    /// the device and cannot carry terminal control sequences into tools that print it.
    /// </summary>
    public static class AsciiText
    {
        /// <summary>Reads <paramref name="length"/> bytes as text in <paramref name="characterSet"/>.</summary>
        public static string Read(ByteReader reader, int length, AsciiCharacterSet characterSet, string field)
        {
            byte[] bytes = reader.ReadBytes(length, field);
            char[] chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                if (!IsAllowed(bytes[i], characterSet))
                {
                    throw new MalformedDataException(MalformedReason.InvalidText, field, "character code " + bytes[i] + " at index " + i + " is not allowed");
                }

                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }

        /// <summary>Checks text a caller wants to encode; throws the same error a parser would give for it.</summary>
        public static void Validate(string text, int minLength, int maxLength, AsciiCharacterSet characterSet, string field)
        {
            if (text == null || text.Length < minLength || text.Length > maxLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field, "length must be " + minLength + ".." + maxLength);
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c > 0x7F || !IsAllowed((byte)c, characterSet))
                {
                    throw new MalformedDataException(MalformedReason.InvalidText, field, "character code " + (int)c + " at index " + i + " is not allowed");
                }
            }
        }

        /// <summary>Writes validated ASCII text (no length prefix).</summary>
        public static void Write(ByteWriter writer, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                writer.WriteByte(text[i]);
            }
        }

        private static bool IsAllowed(byte b, AsciiCharacterSet characterSet)
        {
            bool digit = b >= '0' && b <= '9';
            bool lower = b >= 'a' && b <= 'z';
            bool upper = b >= 'A' && b <= 'Z';
            switch (characterSet)
            {
                case AsciiCharacterSet.SafeName:
                    return digit || lower || upper || b == '.' || b == '_' || b == '-';
                case AsciiCharacterSet.LowerIdentifier:
                    return digit || lower || b == '-';
                case AsciiCharacterSet.UpperIdentifier:
                    return digit || upper || b == '-';
                case AsciiCharacterSet.Printable:
                    return (b >= 0x20 && b <= 0x7E) || b == '\n';
                default:
                    return false;
            }
        }
    }
}
