namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Where an update stands on a device, as reported on the OTA report topic (docs/formats/ota.md §5).
    /// Stable numbers: they are on the wire and in the event journal.
    /// </summary>
    public enum OtaStage
    {
        /// <summary>The offer passed its MAC, sequence and signature checks; the download starts or resumes.</summary>
        Accepted = 1,

        /// <summary>The offer was refused (the reason says why); nothing was written.</summary>
        Refused = 2,

        /// <summary>Download progress: chunks present out of the total.</summary>
        Downloading = 3,

        /// <summary>Every chunk is present and the whole inactive slot verified.</summary>
        Verified = 4,

        /// <summary>The slot is marked for a trial boot; the device is about to reboot.</summary>
        Installed = 5,

        /// <summary>The device runs the new bundle on trial; the health check is running.</summary>
        TrialBoot = 6,

        /// <summary>The health check passed; the bundle is confirmed and its counter committed.</summary>
        Confirmed = 7,

        /// <summary>The update stopped before a trial boot (the reason says why).</summary>
        Failed = 8,

        /// <summary>The trial bundle was rejected (health check, or it failed verification) and the previous bundle runs.</summary>
        RolledBack = 9,

        /// <summary>A trust-root offer was verified and the new root installed.</summary>
        RootInstalled = 10,

        /// <summary>The device already runs this bundle, confirmed; counts as confirmed for a campaign.</summary>
        AlreadyInstalled = 11,
    }
}
