namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Reasons that belong to the OTA protocol itself rather than to the bundle, installer or trust-root
    /// checks (family <see cref="OtaReasonFamily.Ota"/>). Stable numbers: they are on the wire.
    /// </summary>
    public enum OtaFailure
    {
        None = 0,

        /// <summary>The offer's sequence is not above the last accepted one (a replay or a stale copy).</summary>
        ReplayedOffer = 1,

        /// <summary>The offer's MAC does not verify under the device's event key.</summary>
        BadOfferMac = 2,

        /// <summary>The bundle's version is not newer than the running bundle's.</summary>
        VersionNotNewer = 3,

        /// <summary>A chunk or message for a campaign other than the active one.</summary>
        WrongCampaign = 4,

        /// <summary>No chunk arrived within the stall timeout; the download pauses and resumes at the next offer.</summary>
        DownloadStalled = 5,

        /// <summary>A chunk kept failing its digest after the allowed re-requests.</summary>
        ChunkRetriesExhausted = 6,

        /// <summary>The trial bundle did not pass its health check in time.</summary>
        HealthCheckFailed = 7,

        /// <summary>The trial bundle failed verification at boot (changed on flash) and the previous slot ran.</summary>
        TrialNotBooted = 8,

        /// <summary>A newer offer replaced an unfinished one.</summary>
        Superseded = 9,

        /// <summary>A trial boot is running or pending; no new bundle is accepted until it is decided.</summary>
        TrialPending = 10,

        /// <summary>A chunk that was not requested, or carries more bytes than its manifest entry (ignored and counted).</summary>
        UnexpectedChunk = 11,
    }
}
