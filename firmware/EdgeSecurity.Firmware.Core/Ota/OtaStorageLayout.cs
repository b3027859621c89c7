namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>The update client's files on the device's flash volume (next to the boot state, docs/ota.md).</summary>
    public static class OtaStorageLayout
    {
        /// <summary>The client state (accepted offer sequence, active campaign), two alternating copies.</summary>
        public const string ClientStateCopy0 = "ota/client0.bin";
        public const string ClientStateCopy1 = "ota/client1.bin";

        /// <summary>The newest trusted time the device has seen, two alternating copies.</summary>
        public const string TrustedTimeCopy0 = "time/trusted0.bin";
        public const string TrustedTimeCopy1 = "time/trusted1.bin";

        /// <summary>Where a rotated trust root is written before it is renamed over the installed one.</summary>
        public const string TrustRootStaging = "trust/root.new";
    }
}
