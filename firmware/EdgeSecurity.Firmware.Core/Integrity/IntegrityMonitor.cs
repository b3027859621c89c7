using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Integrity
{
    /// <summary>
    /// Runtime integrity (docs/boot.md, "runtime integrity"): re-hashes every component of the running slot
    /// against the signed manifest verified at boot, the manifest file and the trust root against the bytes
    /// verified at boot, and device configuration files against the digest taken when they were registered.
    /// Any mismatch is a critical finding and moves the device into the configured containment state, which
    /// is stored in the boot state and only a verified install clears.
    /// </summary>
    public sealed class IntegrityMonitor
    {
        /// <summary>Default interval between scheduled checks: 15 minutes of uptime.</summary>
        public const long DefaultIntervalMilliseconds = 15L * 60 * 1000;

        private const int ConfigurationChunkSize = EsHmacSha256V1.MinChunkSize;

        private readonly IFlashStorage _storage;
        private readonly BootStateStore _state;
        private readonly IMacPrimitive _mac;
        private readonly ContainmentState _onViolation;
        private readonly long _intervalMilliseconds;
        private readonly ArrayList _watched = new ArrayList();
        private long _nextDueMilliseconds;
        private long _lastCheckMilliseconds = -1;
        private bool _mismatchSeen;

        /// <param name="decision">This boot's decision: the running slot's verified manifest is the reference.</param>
        /// <param name="trustRoot">The trust root as verified at boot.</param>
        /// <param name="onViolation">State to enter on a finding: <see cref="ContainmentState.None"/> only reports.</param>
        public IntegrityMonitor(IFlashStorage storage, BootStateStore state, IMacPrimitive mac, BootDecision decision, InstalledTrustRoot trustRoot, ContainmentState onViolation, long intervalMilliseconds)
        {
            if (storage == null || state == null || mac == null || decision == null || trustRoot == null)
            {
                throw new ArgumentNullException(storage == null ? "storage" : state == null ? "state" : mac == null ? "mac" : decision == null ? "decision" : "trustRoot");
            }

            if (intervalMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("intervalMilliseconds", "The check interval must be positive.");
            }

            _storage = storage;
            _state = state;
            _mac = mac;
            _onViolation = onViolation;
            _intervalMilliseconds = intervalMilliseconds;
            WatchRunningSlot(decision.Verified);
            if (trustRoot.IsUsable)
            {
                Watch(IntegrityFindingKind.TrustStore, StorageLayout.TrustRootFile, "trust root", EsHmacSha256V1.DefaultChunkSize, FileDigest.OfBytes(mac, trustRoot.VerifiedBytes, EsHmacSha256V1.DefaultChunkSize));
            }
        }

        /// <summary>
        /// After a trust-root rotation installed over the air: the new root's verified bytes become the reference
        /// of the trust-store check, so the rotation is not mistaken for tampering and the old root's bytes are
        /// no longer accepted.
        /// </summary>
        public void FollowTrustRoot(InstalledTrustRoot trustRoot)
        {
            if (trustRoot == null || !trustRoot.IsUsable)
            {
                throw new ArgumentException("a usable trust root is required", "trustRoot");
            }

            for (int i = 0; i < _watched.Count; i++)
            {
                if (((WatchedFile)_watched[i]).Kind == IntegrityFindingKind.TrustStore)
                {
                    _watched.RemoveAt(i);
                    break;
                }
            }

            Watch(IntegrityFindingKind.TrustStore, StorageLayout.TrustRootFile, "trust root", EsHmacSha256V1.DefaultChunkSize, FileDigest.OfBytes(_mac, trustRoot.VerifiedBytes, EsHmacSha256V1.DefaultChunkSize));
        }

        public long IntervalMilliseconds
        {
            get { return _intervalMilliseconds; }
        }

        /// <summary>Uptime of the last check, or -1 before the first.</summary>
        public long LastCheckMilliseconds
        {
            get { return _lastCheckMilliseconds; }
        }

        /// <summary>True once a check (or the loader) of this boot found a mismatch; attested (docs/formats/attestation.md).</summary>
        public bool MismatchSeen
        {
            get { return _mismatchSeen; }
        }

        /// <summary>The stored containment state (it survives reboots).</summary>
        public ContainmentState Containment
        {
            get { return _state.Current.Containment; }
        }

        /// <summary>
        /// Adds a device configuration file (provisioned, not part of the bundle). Its digest now becomes the
        /// reference, so register it at boot, before anything may have changed it (docs/boot.md).
        /// </summary>
        public void WatchConfigurationFile(string fileName)
        {
            byte[] digest = FileDigest.OfFile(_mac, _storage, fileName, ConfigurationChunkSize);
            if (digest == null)
            {
                throw new ArgumentException("Configuration file " + fileName + " does not exist.", "fileName");
            }

            Watch(IntegrityFindingKind.Configuration, fileName, fileName, ConfigurationChunkSize, digest);
        }

        /// <summary>Called by the agent loop with the current uptime: checks when the interval has passed (and at the first call).</summary>
        /// <returns>The findings of the check that ran, empty when none ran or nothing was wrong.</returns>
        public IntegrityFinding[] Tick(long uptimeMilliseconds)
        {
            if (uptimeMilliseconds < _nextDueMilliseconds)
            {
                return new IntegrityFinding[0];
            }

            return Check(uptimeMilliseconds);
        }

        /// <summary>Checks now (on demand) and restarts the schedule from <paramref name="uptimeMilliseconds"/>.</summary>
        public IntegrityFinding[] Check(long uptimeMilliseconds)
        {
            _lastCheckMilliseconds = uptimeMilliseconds;
            _nextDueMilliseconds = uptimeMilliseconds + _intervalMilliseconds;
            ArrayList findings = new ArrayList();
            for (int i = 0; i < _watched.Count; i++)
            {
                WatchedFile file = (WatchedFile)_watched[i];
                byte[] actual = FileDigest.OfFile(_mac, _storage, file.FileName, file.ChunkSize);
                if (actual == null || !ConstantTime.AreEqual(actual, file.ExpectedDigest))
                {
                    string detail = actual == null ? "file is missing" : "digest differs from the one verified";
                    findings.Add(new IntegrityFinding(file.Kind, file.FileName, file.Subject, file.ExpectedDigest, actual, detail));
                }
            }

            if (findings.Count > 0)
            {
                _mismatchSeen = true;
                EnterContainment(((IntegrityFinding)findings[0]).Kind);
            }

            return (IntegrityFinding[])findings.ToArray(typeof(IntegrityFinding));
        }

        /// <summary>
        /// A mismatch found outside the monitor's own checks (the loader's check of component bytes in RAM):
        /// containment is entered exactly as for a finding of <see cref="Check"/>.
        /// </summary>
        public void ReportFinding(IntegrityFinding finding)
        {
            if (finding == null)
            {
                throw new ArgumentNullException("finding");
            }

            _mismatchSeen = true;
            EnterContainment(finding.Kind);
        }

        private void EnterContainment(IntegrityFindingKind reason)
        {
            BootState next = _state.Current;
            if ((int)_onViolation <= (int)next.Containment)
            {
                return;
            }

            next.Containment = _onViolation;
            next.ContainmentReason = (int)reason;
            _state.Save(next);
        }

        private void WatchRunningSlot(SlotVerification running)
        {
            if (running == null)
            {
                return;
            }

            Manifest manifest = running.Manifest;
            Watch(IntegrityFindingKind.Manifest, BootSlot.ManifestFile(running.Slot), "manifest", EsHmacSha256V1.DefaultChunkSize, FileDigest.OfBytes(_mac, running.SignedManifestBytes, EsHmacSha256V1.DefaultChunkSize));
            for (int i = 0; i < manifest.ComponentCount; i++)
            {
                ComponentEntry component = manifest.GetComponent(i);
                Watch(KindOf(component.Kind), BootSlot.ComponentFile(running.Slot, i), component.Name, component.ChunkSize, component.ComponentDigest);
            }
        }

        private static IntegrityFindingKind KindOf(ComponentKind kind)
        {
            if (kind == ComponentKind.Configuration)
            {
                return IntegrityFindingKind.Configuration;
            }

            return kind == ComponentKind.TrustStore || kind == ComponentKind.CertificateStore ? IntegrityFindingKind.TrustStore : IntegrityFindingKind.Component;
        }

        private void Watch(IntegrityFindingKind kind, string fileName, string subject, int chunkSize, byte[] expected)
        {
            _watched.Add(new WatchedFile(kind, fileName, subject, chunkSize, expected));
        }
    }
}
