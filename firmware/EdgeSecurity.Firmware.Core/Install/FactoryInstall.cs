using System;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Install
{
    /// <summary>
    /// First install at provisioning (docs/boot.md, "first install"; decision 83): places a signed bundle
    /// into slot A of a blank device volume through the same installer an update uses (manifest, every chunk
    /// and the whole slot verified), then records slot A as the confirmed slot, bound to that manifest, with
    /// the bundle's security counter, so the device runs it from its first boot without a trial: there is
    /// nothing older to roll back to, and it was verified by this code before it was placed.
    /// </summary>
    public static class FactoryInstall
    {
        /// <summary>
        /// Installs the bundle container <paramref name="containerFile"/> (on <paramref name="volume"/>) into
        /// slot A. The trust root must already be at <see cref="StorageLayout.TrustRootFile"/>. Refused (nothing
        /// recorded as confirmed) when the volume is not blank, the trust root or the bundle does not verify,
        /// or, with a trusted <paramref name="clock"/>, the bundle or trust root expired.
        /// </summary>
        public static InstallResult PlaceFirstBundle(IFlashStorage volume, ISignatureVerifier signatures, IMacPrimitive mac, IClock clock, string hardwareClass, string containerFile)
        {
            if (volume == null || signatures == null || mac == null || clock == null || hardwareClass == null || containerFile == null)
            {
                throw new ArgumentNullException(volume == null ? "volume" : signatures == null ? "signatures" : mac == null ? "mac" : clock == null ? "clock" : hardwareClass == null ? "hardwareClass" : "containerFile");
            }

            BootStateStore state = new BootStateStore(volume);
            if (state.WasFound || volume.List(StorageLayout.SlotADirectory).Length > 0 || volume.List(StorageLayout.SlotBDirectory).Length > 0)
            {
                return InstallResult.Refused(InstallFailure.VolumeNotBlank, "the volume already holds a boot state or slot files: factory placement is for a blank device", BootSlot.A);
            }

            InstalledTrustRoot trustRoot = InstalledTrustRoot.Load(volume, new TrustRootVerifier(signatures, mac));
            BundleVerifier bundles = new BundleVerifier(signatures, mac);
            InstallResult installed = new BundleInstaller(volume, state, trustRoot, bundles, clock, hardwareClass, BootSlot.None).InstallFromContainer(containerFile);
            if (!installed.IsAccepted)
            {
                return installed;
            }

            SlotVerification slot = new SignedSlotVerifier(volume, trustRoot, bundles, hardwareClass).Verify(BootSlot.A, 0);
            if (!slot.IsValid)
            {
                return InstallResult.Refused(InstallFailure.SlotVerificationFailed, slot.ToString(), BootSlot.A);
            }

            BootState next = state.Current;
            next.ConfirmedSlot = BootSlot.A;
            next.SetSlot(BootSlot.A, SlotStatus.Confirmed, ManifestDigest.Of(slot.SignedManifestBytes));
            next.TrialSlot = BootSlot.None;
            next.TrialAttemptsLeft = 0;
            next.ConfirmedCounter = slot.SecurityCounter;
            next.LastOutcome = BootOutcome.None;
            state.Save(next);
            return InstallResult.Accepted("bundle " + slot.Version + " placed in slot A as the confirmed slot, counter " + slot.SecurityCounter.ToString(), BootSlot.A, 0);
        }
    }
}
