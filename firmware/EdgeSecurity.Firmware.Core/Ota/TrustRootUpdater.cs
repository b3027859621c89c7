using System;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Installs a trust root delivered in an offer of kind 2 (docs/ota.md, "trust-root rotation"): verified as
    /// a rotation from the installed root by the trusted time (a threshold of the current root's root keys and
    /// of its own, version greater, not expired), checked to still verify the running bundle, then written to a
    /// staging file and renamed over the installed root - one atomic step - and loaded back as a boot would.
    /// A key the new root revokes stops counting from then on; the integrity monitor follows the new bytes.
    /// </summary>
    public sealed class TrustRootUpdater
    {
        private readonly UpdateClientParts _parts;
        private readonly OtaReporter _reporter;

        public TrustRootUpdater(UpdateClientParts parts, OtaReporter reporter)
        {
            if (parts == null || reporter == null)
            {
                throw new ArgumentNullException(parts == null ? "parts" : "reporter");
            }

            _parts = parts;
            _reporter = reporter;
        }

        /// <summary>The root installed by the last <see cref="Handle"/>, or null when it installed none.</summary>
        public InstalledTrustRoot InstalledRoot { get; private set; }

        /// <summary>Verifies and installs the offered root, reporting the outcome either way.</summary>
        public void Handle(OtaOffer offer, BootDecision decision)
        {
            InstalledRoot = null;
            byte[] bytes = offer.GetPayload();
            SignedTrustRoot candidate;
            try
            {
                candidate = SignedTrustRoot.Parse(bytes);
            }
            catch (MalformedDataException e)
            {
                Refuse(offer, 0, OtaReason.FromMalformed(e.Reason), e.Message, true);
                return;
            }

            long version = candidate.Root.Version;
            InstalledTrustRoot current = _parts.TrustRoot;
            if (!current.IsUsable)
            {
                Refuse(offer, version, OtaReason.FromOta(OtaFailure.NoTrustRoot), current.Problem, false);
                return;
            }

            if (version == current.Root.Root.Version && ConstantTime.AreEqual(bytes, current.VerifiedBytes))
            {
                // Offered again (a campaign retry): it is what the device already holds, which is success.
                _reporter.Report(Report(offer, OtaStage.RootInstalled, OtaReason.None, version, "trust root v" + version.ToString() + " already installed"), null);
                return;
            }

            long now = _parts.Clock.IsWallClockTrusted ? _parts.Clock.NowSeconds : TrustRootVerifier.ClockNotTrusted;
            TrustRootVerification rotation = _parts.RootVerifier.VerifyRotation(current.Root.Root, candidate, now);
            if (!rotation.IsValid)
            {
                Refuse(offer, version, OtaReason.FromTrustRoot(rotation.Failure), rotation.Message, true);
                return;
            }

            if (decision.Verified != null && decision.Verified.SignedManifestBytes != null)
            {
                BundleVerification running = _parts.Bundles.VerifyManifest(SignedManifest.Parse(decision.Verified.SignedManifestBytes), candidate.Root, _parts.HardwareClass, 0, BundleVerifier.ExpiryNotChecked);
                if (!running.IsValid)
                {
                    Refuse(offer, version, OtaReason.FromOta(OtaFailure.RootWouldOrphanBundle), "the running bundle " + decision.Verified.Version + " would not verify under trust root v" + version.ToString() + ": " + running.Message, false);
                    return;
                }
            }

            SmallFile.Replace(_parts.Flash, StorageLayout.TrustRootFile, OtaStorageLayout.TrustRootStaging, bytes);
            InstalledTrustRoot installed = InstalledTrustRoot.Load(_parts.Flash, _parts.RootVerifier);
            if (!installed.IsUsable || installed.Root.Root.Version != version)
            {
                // The file was just verified and written: reading back something else means the flash is failing.
                throw new InvalidOperationException("trust root v" + version.ToString() + " did not read back after installation: " + installed.Problem);
            }

            if (_parts.Integrity != null)
            {
                _parts.Integrity.FollowTrustRoot(installed);
            }

            InstalledRoot = installed;
            string text = rotation.Message;
            _reporter.Report(Report(offer, OtaStage.RootInstalled, OtaReason.None, version, text), OtaEvents.TrustRootInstalled(offer.CampaignId, version, text));
        }

        private void Refuse(OtaOffer offer, long version, int reason, string text, bool attack)
        {
            _reporter.Report(Report(offer, OtaStage.Refused, reason, version, text), OtaEvents.OfferRefused(offer.CampaignId, offer.Sequence, "trust root v" + version.ToString(), version, reason, text, attack));
        }

        private static OtaReport Report(OtaOffer offer, OtaStage stage, int reason, long version, string text)
        {
            return new OtaReport(offer.CampaignId, stage, reason, 0, 0, null, version, OtaText.Fit(text));
        }
    }
}
