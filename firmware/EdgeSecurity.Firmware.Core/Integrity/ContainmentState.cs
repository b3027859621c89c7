namespace EdgeSecurity.Firmware.Core.Integrity
{
    /// <summary>
    /// What the device does after a runtime integrity violation. Persisted in the boot state; once
    /// entered it survives reboots and is left only by installing a verified bundle (docs/boot.md).
    /// </summary>
    public enum ContainmentState
    {
        /// <summary>No violation seen since the last verified install.</summary>
        None = 0,

        /// <summary>A violation was seen; the application keeps running and the device reports it.</summary>
        ReportOnly = 1,

        /// <summary>A violation was seen; application code does not run, the agent only reports and accepts updates.</summary>
        Contained = 2,
    }
}
