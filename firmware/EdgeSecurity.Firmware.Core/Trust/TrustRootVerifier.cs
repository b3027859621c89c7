using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>
    /// Decides whether a signed trust root may become the device's trust anchor (docs/formats/trust-root.md,
    /// "Acceptance rules"). Never throws for invalid input: the result says why.
    /// </summary>
    public sealed class TrustRootVerifier
    {
        /// <summary>Pass as "now" when the device clock is not trusted: expiry is then not checked.</summary>
        public const long ClockNotTrusted = -1;

        private readonly ISignatureVerifier _signatures;
        private readonly IMacPrimitive _mac;

        public TrustRootVerifier(ISignatureVerifier signatures, IMacPrimitive mac)
        {
            _signatures = signatures;
            _mac = mac;
        }

        /// <summary>
        /// First install / provisioning: the root is valid on its own when a threshold of its own root-role keys
        /// signed it, its key ids match its keys, and (with a trusted clock) it has not expired.
        /// </summary>
        public TrustRootVerification VerifyInitial(SignedTrustRoot candidate, long nowUnixSeconds)
        {
            TrustRootVerification check = CheckContent(candidate.Root, nowUnixSeconds);
            if (check != null)
            {
                return check;
            }

            SignatureTally own = Count(candidate, candidate.Root, null);
            if (!own.IsMet)
            {
                return ThresholdFailure(own, "trust root v" + candidate.Root.Version + " is not signed by its own root role: ", false);
            }

            return TrustRootVerification.Valid("trust root v" + candidate.Root.Version + " accepted: " + own.Describe(TrustRoleNames.Root), own);
        }

        /// <summary>
        /// Rotation from the trusted <paramref name="current"/> root: the candidate's version must be greater
        /// (skipping versions is allowed), it must be signed by a threshold of the CURRENT root's root-role keys
        /// AND a threshold of its OWN root-role keys, and (with a trusted clock) not be expired. A key revoked by
        /// either root never counts.
        /// </summary>
        public TrustRootVerification VerifyRotation(TrustRoot current, SignedTrustRoot candidate, long nowUnixSeconds)
        {
            TrustRoot next = candidate.Root;
            if (next.Version <= current.Version)
            {
                return TrustRootVerification.Fail(TrustRootFailure.VersionNotIncreasing, "trust root v" + next.Version + " does not replace the current v" + current.Version + ": the version must be greater");
            }

            TrustRootVerification check = CheckContent(next, nowUnixSeconds);
            if (check != null)
            {
                return check;
            }

            SignatureTally byCurrent = Count(candidate, current, next);
            if (!byCurrent.IsMet)
            {
                return ThresholdFailure(byCurrent, "rotation to trust root v" + next.Version + " is not authorized by the current root v" + current.Version + ": ", true);
            }

            SignatureTally byNext = Count(candidate, next, current);
            if (!byNext.IsMet)
            {
                return ThresholdFailure(byNext, "trust root v" + next.Version + " is not signed by its own root role: ", false);
            }

            return TrustRootVerification.Valid("rotation from trust root v" + current.Version + " to v" + next.Version + " accepted", byNext);
        }

        private TrustRootVerification CheckContent(TrustRoot root, long nowUnixSeconds)
        {
            if (nowUnixSeconds >= 0 && nowUnixSeconds >= root.ExpiresUnixSeconds)
            {
                return TrustRootVerification.Fail(TrustRootFailure.Expired, "trust root v" + root.Version + " expired at " + root.ExpiresUnixSeconds + " (now " + nowUnixSeconds + ")");
            }

            for (int i = 0; i < root.KeyCount; i++)
            {
                TrustedKey key = root.GetKey(i);
                byte[] expected = KeyIds.Compute(_mac, key.Algorithm, key.PublicKeyBytes);
                if (!KeyIds.AreEqual(expected, key.KeyIdBytes))
                {
                    return TrustRootVerification.Fail(TrustRootFailure.KeyIdMismatch, "trust root v" + root.Version + " lists key id " + KeyIds.ToHex(key.KeyIdBytes) + " for a public key whose id is " + KeyIds.ToHex(expected));
                }
            }

            return null;
        }

        private SignatureTally Count(SignedTrustRoot candidate, TrustRoot keys, TrustRoot alsoRevokedBy)
        {
            return SignatureTally.Count(_signatures, SigningContext.TrustRoot, candidate.Envelope, keys, TrustRoleNames.Root, alsoRevokedBy);
        }

        private static TrustRootVerification ThresholdFailure(SignatureTally tally, string context, bool onCurrentRoot)
        {
            TrustRootFailure failure = tally.Revoked > 0 ? TrustRootFailure.RevokedKey
                : tally.Invalid > 0 ? TrustRootFailure.BadSignature
                : tally.Unknown > 0 ? TrustRootFailure.UnknownKey
                : TrustRootFailure.ThresholdNotMet;
            return TrustRootVerification.FailThreshold(failure, context + tally.Describe(TrustRoleNames.Root), tally, onCurrentRoot);
        }
    }
}
