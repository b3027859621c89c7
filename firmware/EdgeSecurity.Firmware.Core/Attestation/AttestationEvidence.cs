namespace EdgeSecurity.Firmware.Core.Attestation
{
    /// <summary>
    /// The state a device attests to (docs/formats/attestation.md §2): its boot state, its integrity state and
    /// its journal head, captured on the agent's thread at the moment it answers a challenge.
    /// </summary>
    public sealed class AttestationEvidence
    {
        /// <summary>Length of the bundle digest (the running slot's manifest digest, <see cref="Boot.ManifestDigest"/>).</summary>
        public const int BundleDigestBytes = 16;

        /// <summary>Length of the journal head MAC.</summary>
        public const int HeadMacBytes = 32;

        private byte[] _bundleDigest = new byte[BundleDigestBytes];
        private byte[] _journalHeadMac = new byte[HeadMacBytes];

        /// <summary>Boots decided so far; events of this boot carry it as their boot counter.</summary>
        public long BootCount { get; set; }

        /// <summary>A <see cref="Boot.BootMode"/> value: 1 run, 2 contained, 3 safe mode.</summary>
        public int BootMode { get; set; }

        /// <summary>The running slot: 0 none (safe mode), 1 A, 2 B.</summary>
        public int RunningSlot { get; set; }

        /// <summary>True while the running bundle is on trial (not yet confirmed).</summary>
        public bool IsTrial { get; set; }

        /// <summary>Security counter of the running bundle, -1 when none runs.</summary>
        public long BundleCounter { get; set; }

        /// <summary>Anti-rollback counter of the last confirmed bundle.</summary>
        public long ConfirmedCounter { get; set; }

        /// <summary>A <see cref="Integrity.ContainmentState"/> value (0 none, 1 report only, 2 contained).</summary>
        public int Containment { get; set; }

        /// <summary>The runtime integrity check of this boot: 0 not run yet, 1 clean, 2 found a mismatch.</summary>
        public int IntegrityResult { get; set; }

        /// <summary>Uptime of this boot's last integrity check, -1 before the first.</summary>
        public long IntegrityCheckedAtUptimeMs { get; set; }

        /// <summary>Sequence of the newest record of the journal, 0 before the first.</summary>
        public long JournalHeadSequence { get; set; }

        /// <summary>Milliseconds since this boot when the answer was built.</summary>
        public long UptimeMs { get; set; }

        /// <summary>The running slot's manifest digest (zeros when none runs); a copy.</summary>
        public byte[] BundleDigest
        {
            get { return (byte[])_bundleDigest.Clone(); }
            set { _bundleDigest = Exact(value, BundleDigestBytes, "BundleDigest"); }
        }

        /// <summary>MAC of the newest journal record (the genesis zeros before the first); a copy.</summary>
        public byte[] JournalHeadMac
        {
            get { return (byte[])_journalHeadMac.Clone(); }
            set { _journalHeadMac = Exact(value, HeadMacBytes, "JournalHeadMac"); }
        }

        private static byte[] Exact(byte[] value, int length, string name)
        {
            if (value == null || value.Length != length)
            {
                throw new System.ArgumentException(name + " must be " + length.ToString() + " bytes.", name);
            }

            return (byte[])value.Clone();
        }
    }
}
