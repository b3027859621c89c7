namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>
    /// Counts the signatures of an envelope that count for one role: each DISTINCT key of the role that is
    /// listed, not revoked, of the verifier's algorithm and whose signature verifies counts once. Everything
    /// else is tallied by kind so a failure can say why the threshold was not met.
    /// </summary>
    public sealed class SignatureTally
    {
        private SignatureTally(int threshold)
        {
            Threshold = threshold;
        }

        public int Threshold { get; }

        /// <summary>Distinct role keys with a verifying signature.</summary>
        public int Valid { get; private set; }

        /// <summary>Signatures by role keys that did not verify (or used another algorithm than the key's).</summary>
        public int Invalid { get; private set; }

        /// <summary>Signatures by revoked keys.</summary>
        public int Revoked { get; private set; }

        /// <summary>Signatures by keys that are not listed, or not in the role.</summary>
        public int Unknown { get; private set; }

        public bool IsMet
        {
            get { return Valid >= Threshold; }
        }

        /// <summary>
        /// Tallies <paramref name="envelope"/>'s signatures over prefix || payload for <paramref name="roleName"/>
        /// of <paramref name="keys"/>; a key revoked in <paramref name="keys"/> or in
        /// <paramref name="alsoRevokedBy"/> (may be null) never counts.
        /// </summary>
        public static SignatureTally Count(ISignatureVerifier verifier, byte[] prefix, SignedEnvelope envelope, TrustRoot keys, string roleName, TrustRoot alsoRevokedBy)
        {
            TrustRole role = keys.FindRole(roleName);
            SignatureTally tally = new SignatureTally(role == null ? 1 : role.Threshold);
            SignatureEntry[] signatures = envelope.Signatures;
            byte[][] counted = new byte[signatures.Length][];
            for (int i = 0; i < signatures.Length; i++)
            {
                SignatureEntry signature = signatures[i];
                byte[] keyId = signature.KeyIdBytes;
                if (AlreadyCounted(counted, tally.Valid, keyId))
                {
                    continue;
                }

                if (keys.IsRevoked(keyId) || (alsoRevokedBy != null && alsoRevokedBy.IsRevoked(keyId)))
                {
                    tally.Revoked++;
                    continue;
                }

                TrustedKey key = keys.FindKey(keyId);
                if (key == null || role == null || !role.Contains(keyId))
                {
                    tally.Unknown++;
                    continue;
                }

                bool verifies = key.Algorithm == signature.Algorithm
                    && verifier.Algorithm == key.Algorithm
                    && verifier.Verify(key.PublicKeyBytes, prefix, envelope.Payload, signature.SignatureBytes);
                if (verifies)
                {
                    counted[tally.Valid] = keyId;
                    tally.Valid++;
                }
                else
                {
                    tally.Invalid++;
                }
            }

            return tally;
        }

        /// <summary>"2 valid signatures of role release, threshold 2 (1 invalid, 0 revoked, 0 unknown)".</summary>
        public string Describe(string roleName)
        {
            return Valid + " valid signature(s) by distinct keys of role " + roleName + ", threshold " + Threshold
                + " (" + Invalid + " invalid, " + Revoked + " by revoked keys, " + Unknown + " by unknown keys)";
        }

        private static bool AlreadyCounted(byte[][] counted, int count, byte[] keyId)
        {
            for (int i = 0; i < count; i++)
            {
                if (KeyIds.AreEqual(counted[i], keyId))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
