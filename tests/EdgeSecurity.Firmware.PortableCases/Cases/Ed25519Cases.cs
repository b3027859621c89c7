using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.PortableCases.Support;
using EdgeSecurity.Firmware.PortableCases.Vectors;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>Ed25519 verification against RFC 8032 and against signatures BouncyCastle made at test time.</summary>
    public static class Ed25519Cases
    {
        public static string Rfc8032(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            foreach (Rfc8032Vectors.Vector vector in Rfc8032Vectors.All)
            {
                byte[] publicKey = Hex.Decode(vector.PublicKey);
                byte[] message = Hex.Decode(vector.Message);
                byte[] signature = Hex.Decode(vector.Signature);
                bool accepted = Ed25519.Verify(publicKey, message, signature);

                // The same signature with one bit of S flipped, and over a changed message, must fail.
                byte[] badSignature = (byte[])signature.Clone();
                badSignature[40] ^= 0x01;
                byte[] badMessage = new byte[message.Length + 1];
                System.Array.Copy(message, badMessage, message.Length);
                bool rejected = !Ed25519.Verify(publicKey, message, badSignature) && !Ed25519.Verify(publicKey, badMessage, signature);
                transcript.Check(vector.Name.Substring(5), accepted && rejected);
            }

            return transcript.ToString();
        }

        /// <summary>Vectors <c>ed.N.*</c>: key, message, signature and whether BouncyCastle's verify accepts it.</summary>
        public static string BouncyCastle(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            int count = (int)vectors.Number("ed.count");
            int accepted = 0;
            int agreed = 0;
            for (int i = 0; i < count; i++)
            {
                string prefix = "ed." + i + ".";
                bool verdict = Ed25519.Verify(vectors.Bytes(prefix + "pk"), vectors.Bytes(prefix + "msg"), vectors.Bytes(prefix + "sig"));
                bool expected = vectors.Number(prefix + "valid") == 1;
                accepted += verdict ? 1 : 0;
                agreed += verdict == expected ? 1 : 0;
            }

            transcript.Add("vectors=" + count);
            transcript.Add("accepted=" + accepted);
            transcript.Check("agree-with-bouncycastle", agreed == count);
            return transcript.ToString();
        }
    }
}
