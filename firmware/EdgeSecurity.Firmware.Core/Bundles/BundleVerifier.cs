using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>
    /// Verifies signed manifests against a trust root and component bytes against their manifest entry
    /// (docs/formats/bundle.md, "Verification"). Returns a result, never throws for invalid content; only
    /// storage faults (exceptions of <see cref="IFlashStorage"/>) propagate. Memory: one chunk buffer and the
    /// signed manifest, never a whole component.
    /// </summary>
    public sealed class BundleVerifier
    {
        /// <summary>
        /// Pass as "now" when the device clock is not trusted, and at boot for an already-installed bundle:
        /// expiry (of the manifest and of the trust root) is then not checked.
        /// </summary>
        public const long ExpiryNotChecked = -1;

        private readonly ISignatureVerifier _signatures;
        private readonly IMacPrimitive _mac;

        public BundleVerifier(ISignatureVerifier signatures, IMacPrimitive mac)
        {
            _signatures = signatures;
            _mac = mac;
        }

        /// <summary>
        /// Checks, in this order: a threshold of distinct, non-revoked release-role keys signed the manifest;
        /// the trust root and the manifest have not expired (only when <paramref name="nowUnixSeconds"/> is
        /// not <see cref="ExpiryNotChecked"/>); the hardware class matches; the security counter is at least
        /// <paramref name="minimumSecurityCounter"/>.
        /// </summary>
        public BundleVerification VerifyManifest(SignedManifest signedManifest, TrustRoot trustRoot, string hardwareClass, long minimumSecurityCounter, long nowUnixSeconds)
        {
            Manifest manifest = signedManifest.Manifest;
            string what = "bundle " + manifest.Version.ToString() + " for " + manifest.HardwareClass;
            SignatureTally tally = SignatureTally.Count(_signatures, SigningContext.Manifest, signedManifest.Envelope, trustRoot, TrustRoleNames.Release, null);
            BundleVerification result = CheckManifest(manifest, tally, what, trustRoot, hardwareClass, minimumSecurityCounter, nowUnixSeconds);
            return result.With(tally, signedManifest);
        }

        /// <summary>
        /// Checks an installed component file: it exists, is exactly <see cref="ComponentEntry.Size"/> bytes,
        /// every chunk matches its digest, and the component digest matches the chunk digests.
        /// </summary>
        public BundleVerification VerifyComponent(IFlashStorage storage, string fileName, ComponentEntry component)
        {
            int length = storage.GetLength(fileName);
            if (length < 0)
            {
                return BundleVerification.ComponentFail(BundleFailure.MissingComponent, component.Name, -1, "component " + component.Name + ": file " + fileName + " does not exist");
            }

            if (length != component.Size)
            {
                return BundleVerification.ComponentFail(BundleFailure.SizeMismatch, component.Name, -1, "component " + component.Name + ": file " + fileName + " is " + length + " bytes, the manifest says " + component.Size);
            }

            return VerifyComponentAt(storage, fileName, 0, component);
        }

        /// <summary>
        /// Checks the <see cref="ComponentEntry.Size"/> bytes at <paramref name="position"/> of
        /// <paramref name="fileName"/> (for example a payload inside a bundle container), chunk by chunk.
        /// </summary>
        public BundleVerification VerifyComponentAt(IFlashStorage storage, string fileName, int position, ComponentEntry component)
        {
            ChunkHasher hasher = new ChunkHasher(_mac, component.ChunkSize);
            for (int i = 0; i < component.ChunkCount; i++)
            {
                int length = component.GetChunkLength(i);
                int read = BundleContainer.ReadFully(storage, fileName, position + (i * component.ChunkSize), hasher.Buffer, ChunkHasher.DataOffset, length);
                if (read != length)
                {
                    return BundleVerification.ComponentFail(BundleFailure.SizeMismatch, component.Name, i, "component " + component.Name + ": " + fileName + " ends inside chunk " + i);
                }

                if (!MatchesChunkDigest(component, i, hasher.Digest(length)))
                {
                    return ChunkMismatch(component, i);
                }
            }

            return CheckComponentDigest(component);
        }

        /// <summary>Checks one chunk as it arrives (OTA download), before it is written anywhere.</summary>
        public BundleVerification VerifyChunk(ComponentEntry component, int chunkIndex, byte[] data, int offset, int count)
        {
            if (chunkIndex < 0 || chunkIndex >= component.ChunkCount)
            {
                return BundleVerification.ComponentFail(BundleFailure.SizeMismatch, component.Name, chunkIndex, "component " + component.Name + " has no chunk " + chunkIndex + " (it has " + component.ChunkCount + ")");
            }

            int length = component.GetChunkLength(chunkIndex);
            if (count != length)
            {
                return BundleVerification.ComponentFail(BundleFailure.SizeMismatch, component.Name, chunkIndex, "component " + component.Name + ": chunk " + chunkIndex + " is " + count + " bytes, expected " + length);
            }

            if (!MatchesChunkDigest(component, chunkIndex, EsHmacSha256V1.ChunkDigest(_mac, data, offset, count)))
            {
                return ChunkMismatch(component, chunkIndex);
            }

            return BundleVerification.Valid("component " + component.Name + ": chunk " + chunkIndex + " matches");
        }

        /// <summary>
        /// Checks a whole bundle container file: structure and exact length, the manifest (as
        /// <see cref="VerifyManifest"/>), then every component payload in place. The result carries the
        /// signed manifest.
        /// </summary>
        public BundleVerification VerifyContainer(IFlashStorage storage, string fileName, TrustRoot trustRoot, string hardwareClass, long minimumSecurityCounter, long nowUnixSeconds)
        {
            BundleContainer container;
            try
            {
                container = BundleContainer.Open(storage, fileName);
            }
            catch (MalformedDataException e)
            {
                return BundleVerification.Fail(e.Reason == MalformedReason.MissingEntry ? BundleFailure.MissingComponent : BundleFailure.Malformed, "bundle file " + fileName + ": " + e.Message);
            }

            BundleVerification manifestResult = VerifyManifest(container.SignedManifest, trustRoot, hardwareClass, minimumSecurityCounter, nowUnixSeconds);
            if (!manifestResult.IsValid)
            {
                return manifestResult;
            }

            Manifest manifest = container.SignedManifest.Manifest;
            for (int i = 0; i < manifest.ComponentCount; i++)
            {
                BundleVerification component = VerifyComponentAt(storage, fileName, container.GetComponentOffset(i), manifest.GetComponent(i));
                if (!component.IsValid)
                {
                    return component.With(manifestResult.Tally, container.SignedManifest);
                }
            }

            return BundleVerification.Valid(manifestResult.Message + "; " + manifest.ComponentCount + " component(s) match their digests")
                .With(manifestResult.Tally, container.SignedManifest);
        }

        private static BundleVerification CheckManifest(Manifest manifest, SignatureTally tally, string what, TrustRoot trustRoot, string hardwareClass, long minimumSecurityCounter, long nowUnixSeconds)
        {
            if (!tally.IsMet)
            {
                BundleFailure failure = tally.Revoked > 0 ? BundleFailure.RevokedKey
                    : tally.Invalid > 0 ? BundleFailure.BadSignature
                    : tally.Unknown > 0 ? BundleFailure.UnknownKey
                    : BundleFailure.ThresholdNotMet;
                return BundleVerification.Fail(failure, what + " is not accepted: " + tally.Describe(TrustRoleNames.Release));
            }

            bool clockTrusted = nowUnixSeconds != ExpiryNotChecked;
            if (clockTrusted && nowUnixSeconds >= trustRoot.ExpiresUnixSeconds)
            {
                return BundleVerification.Fail(BundleFailure.TrustRootExpired, what + " is not accepted: the trust root v" + trustRoot.Version + " expired at " + trustRoot.ExpiresUnixSeconds + " (now " + nowUnixSeconds + ")");
            }

            if (manifest.HardwareClass != hardwareClass)
            {
                return BundleVerification.Fail(BundleFailure.WrongHardwareClass, what + " is not accepted: this device's hardware class is " + hardwareClass);
            }

            if (manifest.SecurityCounter < minimumSecurityCounter)
            {
                return BundleVerification.Fail(BundleFailure.CounterRollback, what + " is not accepted: security counter " + manifest.SecurityCounter + " is below the device's minimum " + minimumSecurityCounter);
            }

            if (clockTrusted && nowUnixSeconds >= manifest.ExpiresUnixSeconds)
            {
                return BundleVerification.Fail(BundleFailure.Expired, what + " is not accepted: it expired at " + manifest.ExpiresUnixSeconds + " (now " + nowUnixSeconds + ")");
            }

            return BundleVerification.Valid(what + " accepted: " + tally.Describe(TrustRoleNames.Release));
        }

        private BundleVerification CheckComponentDigest(ComponentEntry component)
        {
            // Every chunk matched the manifest's chunk digests, so hashing that list is hashing what was read.
            byte[] digest = EsHmacSha256V1.ComponentDigest(_mac, component.Size, component.ChunkSize, component.ChunkDigestBytes);
            if (!ConstantTime.AreEqual(digest, component.ComponentDigestBytes))
            {
                return BundleVerification.ComponentFail(BundleFailure.ComponentDigestMismatch, component.Name, -1, "component " + component.Name + ": the manifest's component digest does not match its chunk digests");
            }

            return BundleVerification.Valid("component " + component.Name + " matches its digest (" + component.ChunkCount + " chunks)");
        }

        private static bool MatchesChunkDigest(ComponentEntry component, int chunkIndex, byte[] digest)
        {
            return ConstantTime.AreEqual(digest, 0, component.ChunkDigestBytes, chunkIndex * EsHmacSha256V1.DigestLength, EsHmacSha256V1.DigestLength);
        }

        private static BundleVerification ChunkMismatch(ComponentEntry component, int chunkIndex)
        {
            return BundleVerification.ComponentFail(BundleFailure.ComponentDigestMismatch, component.Name, chunkIndex, "component " + component.Name + ": chunk " + chunkIndex + " does not match its digest");
        }
    }
}
