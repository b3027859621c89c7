using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.PortableCases.Support
{
    /// <summary>Builds a case's one-line transcript: space-separated facts, bulky results as short digests.</summary>
    public sealed class Transcript
    {
        private string _text = string.Empty;

        /// <summary>The first 8 bytes of the SHA-512 of <paramref name="data"/>, in hex: enough to tell results apart.</summary>
        public static string ShortDigest(byte[] data)
        {
            return Hex.Encode(Sha512.Hash(data), 0, 8);
        }

        public void Add(string fact)
        {
            _text = _text.Length == 0 ? fact : _text + " " + fact;
        }

        /// <summary>Records whether a result equals an independent expectation (<c>ok</c> or <c>MISMATCH</c>).</summary>
        public void Check(string label, bool matches)
        {
            Add(label + (matches ? ":ok" : ":MISMATCH"));
        }

        public static bool SameBytes(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString()
        {
            return _text;
        }
    }
}
