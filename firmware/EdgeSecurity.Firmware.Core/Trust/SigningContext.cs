using System;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>
    /// Domain-separation prefixes: what is signed is prefix || object bytes, so a signature made for one kind
    /// of object never verifies as another (docs/formats/README.md).
    /// </summary>
    public static class SigningContext
    {
        // ASCII "EdgeSecurity manifest v1" followed by a zero byte.
        private static readonly byte[] ManifestPrefix = Ascii("EdgeSecurity manifest v1");

        // ASCII "EdgeSecurity trust root v1" followed by a zero byte.
        private static readonly byte[] TrustRootPrefix = Ascii("EdgeSecurity trust root v1");

        public static byte[] GetManifestPrefix()
        {
            return (byte[])ManifestPrefix.Clone();
        }

        public static byte[] GetTrustRootPrefix()
        {
            return (byte[])TrustRootPrefix.Clone();
        }

        /// <summary>prefix || payload: the exact bytes a signer signs.</summary>
        public static byte[] BuildSignedMessage(byte[] prefix, byte[] payload)
        {
            byte[] message = new byte[prefix.Length + payload.Length];
            Array.Copy(prefix, 0, message, 0, prefix.Length);
            Array.Copy(payload, 0, message, prefix.Length, payload.Length);
            return message;
        }

        internal static byte[] Manifest
        {
            get { return ManifestPrefix; }
        }

        internal static byte[] TrustRoot
        {
            get { return TrustRootPrefix; }
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length + 1];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
