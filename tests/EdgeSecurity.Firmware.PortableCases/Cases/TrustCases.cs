using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>Parsing and verification of a signed trust root, a rotation, and the failures an attacker would try.</summary>
    public static class TrustCases
    {
        public static string TrustRoot(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            TrustRootVerifier verifier = CaseKit.TrustRootVerifier();
            long now = CaseKit.Now(vectors);
            byte[] bytes = vectors.Bytes("trust.root");

            SignedTrustRoot signed = SignedTrustRoot.Parse(bytes);
            TrustRoot root = signed.Root;
            transcript.Add("v" + root.Version + ",keys" + root.KeyCount + ",roles" + root.RoleCount + ",revoked" + root.RevokedKeyCount);
            Add(transcript, "initial", verifier.VerifyInitial(signed, now));

            SignedTrustRoot next = SignedTrustRoot.Parse(vectors.Bytes("trust.root2"));
            Add(transcript, "rotation", verifier.VerifyRotation(root, next, now));
            Add(transcript, "rotation-backwards", verifier.VerifyRotation(next.Root, signed, now));
            Add(transcript, "expired", verifier.VerifyInitial(signed, root.ExpiresUnixSeconds + 1));

            // A changed byte in the last signature, then a truncated encoding.
            Add(transcript, "bad-signature", verifier.VerifyInitial(SignedTrustRoot.Parse(CaseKit.Flipped(bytes, bytes.Length - 1)), now));
            try
            {
                byte[] truncated = new byte[bytes.Length - 1];
                System.Array.Copy(bytes, truncated, truncated.Length);
                SignedTrustRoot.Parse(truncated);
                transcript.Add("truncated:parsed");
            }
            catch (MalformedDataException e)
            {
                transcript.Add("truncated:malformed" + (int)e.Reason);
            }

            return transcript.ToString();
        }

        private static void Add(Transcript transcript, string label, TrustRootVerification result)
        {
            transcript.Add(label + ":" + (result.IsValid ? "valid" : "fail" + (int)result.Failure) + "," + CaseKit.Describe(result.Tally));
        }
    }
}
