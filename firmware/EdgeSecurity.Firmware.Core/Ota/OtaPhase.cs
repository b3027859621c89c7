namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>Where the device's update client stands between reboots (persisted; docs/ota.md, "client state").</summary>
    public enum OtaPhase
    {
        /// <summary>No update in progress.</summary>
        Idle = 0,

        /// <summary>An accepted bundle is being written into the inactive slot; resumes after a reboot.</summary>
        Downloading = 1,

        /// <summary>The slot was verified and marked for a trial boot; the next boot decides.</summary>
        Installed = 2,

        /// <summary>The trial boot was reported; the health check decides (confirm, or reject and reboot).</summary>
        Trial = 3,
    }
}
