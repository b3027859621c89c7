namespace EdgeSecurity.Firmware.Core.Install
{
    /// <summary>Why the installer refused a manifest, a chunk or a completion. Stable numbers: the OTA client reports them.</summary>
    public enum InstallFailure
    {
        None = 0,

        /// <summary>The signed manifest or the bundle file does not parse.</summary>
        Malformed = 1,

        /// <summary>The manifest's release signatures do not meet the trust root's threshold.</summary>
        SignatureInvalid = 2,

        WrongHardwareClass = 3,

        /// <summary>The bundle's security counter is below the device's confirmed counter.</summary>
        CounterTooLow = 4,

        /// <summary>The manifest (or the trust root) expired, by a trusted clock.</summary>
        Expired = 5,

        /// <summary>No valid trust root is installed.</summary>
        TrustRootUnavailable = 6,

        /// <summary>The inactive slot cannot hold the bundle.</summary>
        InsufficientSpace = 7,

        /// <summary>The inactive slot is running (a trial not yet confirmed or rolled back).</summary>
        TargetSlotRunning = 8,

        /// <summary>A chunk or completion came before an accepted <c>BeginInstall</c>.</summary>
        NotStarted = 9,

        /// <summary>No such component or chunk in the manifest, or the chunk has the wrong length.</summary>
        ChunkOutOfRange = 10,

        /// <summary>The chunk's bytes do not match the manifest's digest; nothing was written.</summary>
        ChunkDigestMismatch = 11,

        /// <summary>Completion was asked while chunks are still missing.</summary>
        Incomplete = 12,

        /// <summary>The final full verification of the written slot failed.</summary>
        SlotVerificationFailed = 13,

        /// <summary>Factory placement was asked on a volume that already has a boot state or slot files.</summary>
        VolumeNotBlank = 14,
    }
}
