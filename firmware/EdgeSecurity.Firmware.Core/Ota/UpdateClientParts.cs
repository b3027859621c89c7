using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Time;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// What the update client is wired to: the boot of this power-on, the device's identity and key, the
    /// link, the journal, the platform. The agent (<c>Agent.DeviceAgent</c>) fills it; tests fill it directly.
    /// </summary>
    public sealed class UpdateClientParts
    {
        public IFlashStorage Flash { get; set; }

        public BootStateStore BootState { get; set; }

        /// <summary>The boot manager of this power-on, after its <c>Boot()</c>: its decision says what runs; it confirms or rejects a trial.</summary>
        public BootManager Boot { get; set; }

        /// <summary>The trust root loaded at boot; replaced in the client after a rotation.</summary>
        public InstalledTrustRoot TrustRoot { get; set; }

        public TrustRootVerifier RootVerifier { get; set; }

        public BundleVerifier Bundles { get; set; }

        public string HardwareClass { get; set; }

        public TrustedClock Clock { get; set; }

        public SecurityEventLog Log { get; set; }

        /// <summary>The runtime integrity monitor, whose trust-root reference follows a rotation; may be null.</summary>
        public IntegrityMonitor Integrity { get; set; }

        public IMessageTransport Transport { get; set; }

        public IMacPrimitive Mac { get; set; }

        public byte[] DeviceEventKey { get; set; }

        public string DeviceId { get; set; }

        public string OfferTopic { get; set; }

        public string ChunkTopic { get; set; }

        public string ReportTopic { get; set; }

        public IRebooter Rebooter { get; set; }
    }
}
