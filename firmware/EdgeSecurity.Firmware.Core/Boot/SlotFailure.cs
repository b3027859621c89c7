namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>Why a slot did not verify. Stable numbers: reports and events carry them.</summary>
    public enum SlotFailure
    {
        None = 0,

        /// <summary>The slot has no manifest file.</summary>
        ManifestMissing = 1,

        /// <summary>The manifest file does not parse.</summary>
        ManifestMalformed = 2,

        /// <summary>No valid trust root is installed, so nothing can verify.</summary>
        TrustRootUnavailable = 3,

        /// <summary>The manifest's signatures do not meet the trust root's threshold.</summary>
        SignatureInvalid = 4,

        /// <summary>The bundle is for another hardware class.</summary>
        WrongHardwareClass = 5,

        /// <summary>The bundle's security counter is below the confirmed counter (rollback).</summary>
        CounterTooLow = 6,

        /// <summary>The manifest expired (checked only with a trusted clock).</summary>
        Expired = 7,

        /// <summary>A component file is missing.</summary>
        ComponentMissing = 8,

        /// <summary>A component file's size or digest differs from the manifest.</summary>
        ComponentDigestMismatch = 9,

        /// <summary>The manifest was rejected for another reason (see the detail).</summary>
        ManifestRejected = 10,

        /// <summary>The slot was a trial whose attempts ran out without a confirmation.</summary>
        TrialAttemptsExhausted = 11,

        /// <summary>The slot was a trial whose health check failed.</summary>
        HealthCheckFailed = 12,

        /// <summary>
        /// The slot verifies but holds another signed bundle than the one its boot-state record vouches for
        /// (a bundle never confirmed, or copied in behind the installer's back): it runs only as a new trial.
        /// </summary>
        NotRecordedBundle = 13,
    }
}
