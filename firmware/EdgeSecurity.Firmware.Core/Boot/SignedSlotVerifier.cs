using System;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// Verifies a slot with the real verifiers: the signed manifest against the installed trust root
    /// (release threshold, hardware class, counter), then every component file chunk by chunk.
    /// Expiry is not checked for an installed bundle: it was checked when it was accepted.
    /// </summary>
    public sealed class SignedSlotVerifier : ISlotVerifier
    {
        private readonly IFlashStorage _storage;
        private readonly InstalledTrustRoot _trustRoot;
        private readonly BundleVerifier _bundles;
        private readonly string _hardwareClass;

        public SignedSlotVerifier(IFlashStorage storage, InstalledTrustRoot trustRoot, BundleVerifier bundles, string hardwareClass)
        {
            if (storage == null || trustRoot == null || bundles == null || hardwareClass == null)
            {
                throw new ArgumentNullException(storage == null ? "storage" : trustRoot == null ? "trustRoot" : bundles == null ? "bundles" : "hardwareClass");
            }

            _storage = storage;
            _trustRoot = trustRoot;
            _bundles = bundles;
            _hardwareClass = hardwareClass;
        }

        public SlotVerification Verify(int slot, long minimumCounter)
        {
            string manifestFile = BootSlot.ManifestFile(slot);
            if (!_trustRoot.IsUsable)
            {
                return SlotVerification.Failed(slot, SlotFailure.TrustRootUnavailable, StorageLayout.TrustRootFile, _trustRoot.Problem);
            }

            if (!_storage.Exists(manifestFile))
            {
                return SlotVerification.Failed(slot, SlotFailure.ManifestMissing, manifestFile, "slot " + BootSlot.Name(slot) + " holds no manifest");
            }

            byte[] bytes = SmallFile.ReadAll(_storage, manifestFile, SignedManifest.MaxEncodedLength);
            if (bytes == null)
            {
                return SlotVerification.Failed(slot, SlotFailure.ManifestMalformed, manifestFile, "manifest file is unreadable or larger than " + SignedManifest.MaxEncodedLength.ToString() + " bytes");
            }

            SignedManifest signed;
            try
            {
                signed = SignedManifest.Parse(bytes);
            }
            catch (MalformedDataException e)
            {
                return SlotVerification.Failed(slot, SlotFailure.ManifestMalformed, manifestFile, e.Message);
            }

            Manifest manifest = signed.Manifest;
            string version = manifest.Version.ToString();
            BundleVerification check = _bundles.VerifyManifest(signed, _trustRoot.Root.Root, _hardwareClass, minimumCounter, BundleVerifier.ExpiryNotChecked);
            if (!check.IsValid)
            {
                return SlotVerification.FailedBundle(slot, SlotFailures.From(check.Failure), manifestFile, check.Message, version, manifest.SecurityCounter);
            }

            for (int i = 0; i < manifest.ComponentCount; i++)
            {
                string file = BootSlot.ComponentFile(slot, i);
                BundleVerification component = _bundles.VerifyComponent(_storage, file, manifest.GetComponent(i));
                if (!component.IsValid)
                {
                    return SlotVerification.FailedBundle(slot, SlotFailures.From(component.Failure), file, component.Message, version, manifest.SecurityCounter);
                }
            }

            return SlotVerification.Valid(slot, manifest, bytes, check.Message + "; " + manifest.ComponentCount.ToString() + " component(s) verified");
        }
    }
}
