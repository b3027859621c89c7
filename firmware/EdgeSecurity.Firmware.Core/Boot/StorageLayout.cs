namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>Every file name the boot, install and integrity code uses on the device volume (docs/boot.md).</summary>
    public static class StorageLayout
    {
        public const string SlotADirectory = "slots/a/";
        public const string SlotBDirectory = "slots/b/";
        public const string ManifestFileName = "manifest.bin";

        /// <summary>The installed trust root (signed trust root bytes, provisioned).</summary>
        public const string TrustRootFile = "trust/root.bin";

        /// <summary>Two alternating copies of the boot state; the valid one with the higher sequence wins.</summary>
        public const string BootStateCopy0 = "boot/state0.bin";
        public const string BootStateCopy1 = "boot/state1.bin";

        /// <summary>The sealed digests of the device configuration files (runtime integrity baseline).</summary>
        public const string ConfigurationBaselineFile = "integrity/config-baseline.bin";
    }
}
