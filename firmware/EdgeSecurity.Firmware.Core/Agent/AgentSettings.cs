using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>What a device's agent is configured with (from agent.conf on the device, from options in the simulator).</summary>
    public sealed class AgentSettings
    {
        public AgentSettings()
        {
            Journal = new JournalOptions();
            Uploader = new UploaderOptions();
            OnIntegrityViolation = ContainmentState.ReportOnly;
            IntegrityIntervalMilliseconds = IntegrityMonitor.DefaultIntervalMilliseconds;
            HeartbeatIntervalMilliseconds = 60000;
        }

        public JournalOptions Journal { get; set; }

        public UploaderOptions Uploader { get; set; }

        /// <summary>Containment entered when the runtime integrity check finds a mismatch.</summary>
        public ContainmentState OnIntegrityViolation { get; set; }

        public long IntegrityIntervalMilliseconds { get; set; }

        public long HeartbeatIntervalMilliseconds { get; set; }
    }
}
