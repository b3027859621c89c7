namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// The update client's events (docs/events.md, 0x02xx), each with the campaign it belongs to so the host
    /// can join them with its campaign state. Fields are in ascending id order, as the record format requires.
    /// </summary>
    public static class OtaEvents
    {
        /// <summary>An offer passed every check; the download starts or resumes (0x0201).</summary>
        public static SecurityEvent Accepted(long campaignId, long sequence, string version, long securityCounter, long totalBytes)
        {
            return Build(EventTypes.OtaDownloadStarted, EventSeverity.Info, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int64(EventFieldIds.Ota.SecurityCounter, securityCounter),
                EventField.Int64(EventFieldIds.Ota.TotalBytes, totalBytes),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
                EventField.Int64(EventFieldIds.Ota.OfferSequence, sequence),
            });
        }

        /// <summary>A chunk failed its signed digest: tampered in transit or a component of another bundle (0x0202).</summary>
        public static SecurityEvent ChunkRejected(long campaignId, string version, int componentIndex, int chunkIndex, int resultCode, string reason)
        {
            return Build(EventTypes.OtaChunkFailed, EventSeverity.Warning, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int32(EventFieldIds.Ota.ChunkIndex, chunkIndex),
                EventField.Int32(EventFieldIds.Ota.ResultCode, resultCode),
                EventField.String(EventFieldIds.Ota.Reason, reason),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
                EventField.Int32(EventFieldIds.Ota.ComponentIndex, componentIndex),
            });
        }

        /// <summary>The verified slot is marked for a trial boot (0x0203).</summary>
        public static SecurityEvent Installed(long campaignId, string version, string slot)
        {
            return InSlot(EventTypes.OtaInstalled, EventSeverity.Info, campaignId, version, slot);
        }

        /// <summary>The new bundle runs on trial (0x0204).</summary>
        public static SecurityEvent TrialBoot(long campaignId, string version, string slot)
        {
            return InSlot(EventTypes.OtaTrialBoot, EventSeverity.Notice, campaignId, version, slot);
        }

        /// <summary>An authentic offer whose content was refused: bad signatures, rollback, expiry, wrong class … (0x0207).</summary>
        public static SecurityEvent OfferRefused(long campaignId, long sequence, string version, long securityCounter, int resultCode, string reason, bool attack)
        {
            return Build(EventTypes.OtaOfferRefused, attack ? EventSeverity.Error : EventSeverity.Warning, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int64(EventFieldIds.Ota.SecurityCounter, securityCounter),
                EventField.Int32(EventFieldIds.Ota.ResultCode, resultCode),
                EventField.String(EventFieldIds.Ota.Reason, reason),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
                EventField.Int64(EventFieldIds.Ota.OfferSequence, sequence),
            });
        }

        /// <summary>An offer whose sequence is not above the last accepted one: a replay (0x0208).</summary>
        public static SecurityEvent OfferReplayed(long campaignId, long sequence, long lastAccepted)
        {
            return Build(EventTypes.OtaOfferReplayed, EventSeverity.Error, new EventField[]
            {
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
                EventField.Int64(EventFieldIds.Ota.OfferSequence, sequence),
                EventField.Int64(EventFieldIds.Ota.LastAcceptedSequence, lastAccepted),
            });
        }

        /// <summary>Every chunk present and the whole inactive slot verified (0x0209).</summary>
        public static SecurityEvent Verified(long campaignId, string version, long securityCounter, string slot)
        {
            return Build(EventTypes.OtaVerified, EventSeverity.Info, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int64(EventFieldIds.Ota.SecurityCounter, securityCounter),
                EventField.String(EventFieldIds.Ota.Slot, slot),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
            });
        }

        /// <summary>The update stopped before a trial boot (0x020A).</summary>
        public static SecurityEvent Failed(long campaignId, string version, int resultCode, string reason, int chunksPresent, int chunksTotal)
        {
            return Build(EventTypes.OtaFailed, EventSeverity.Error, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int32(EventFieldIds.Ota.ResultCode, resultCode),
                EventField.String(EventFieldIds.Ota.Reason, reason),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
                EventField.Int32(EventFieldIds.Ota.ChunksPresent, chunksPresent),
                EventField.Int32(EventFieldIds.Ota.ChunksTotal, chunksTotal),
            });
        }

        /// <summary>No chunk arrived within the stall timeout; the download pauses and resumes later (0x020B).</summary>
        public static SecurityEvent DownloadStalled(long campaignId, string version, int chunksPresent, int chunksTotal)
        {
            return Build(EventTypes.OtaDownloadStalled, EventSeverity.Notice, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
                EventField.Int32(EventFieldIds.Ota.ChunksPresent, chunksPresent),
                EventField.Int32(EventFieldIds.Ota.ChunksTotal, chunksTotal),
            });
        }

        /// <summary>A rotated trust root was verified and installed; field 2 is its version (0x020C).</summary>
        public static SecurityEvent TrustRootInstalled(long campaignId, long rootVersion, string reason)
        {
            return Build(EventTypes.OtaTrustRootInstalled, EventSeverity.Notice, new EventField[]
            {
                EventField.Int64(EventFieldIds.Ota.SecurityCounter, rootVersion),
                EventField.String(EventFieldIds.Ota.Reason, reason),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
            });
        }

        /// <summary>The offered bundle already runs, confirmed (0x020D).</summary>
        public static SecurityEvent AlreadyInstalled(long campaignId, string version, long securityCounter)
        {
            return Build(EventTypes.OtaAlreadyInstalled, EventSeverity.Info, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int64(EventFieldIds.Ota.SecurityCounter, securityCounter),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
            });
        }

        /// <summary>
        /// Chunks ignored without being written: another campaign, not requested, beyond the manifest, or the
        /// wrong length (0x020E). Recorded for the 1st, 2nd, 4th … of a download, with the count so far.
        /// </summary>
        public static SecurityEvent ChunkIgnored(long campaignId, int componentIndex, int chunkIndex, int resultCode, string reason, int count)
        {
            return Build(EventTypes.OtaChunkIgnored, EventSeverity.Warning, new EventField[]
            {
                EventField.Int32(EventFieldIds.Ota.ChunkIndex, chunkIndex),
                EventField.Int32(EventFieldIds.Ota.ResultCode, resultCode),
                EventField.String(EventFieldIds.Ota.Reason, reason),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
                EventField.Int32(EventFieldIds.Ota.ComponentIndex, componentIndex),
                EventField.Int32(EventFieldIds.Ota.Count, count),
            });
        }

        private static SecurityEvent InSlot(ushort type, EventSeverity severity, long campaignId, string version, string slot)
        {
            return Build(type, severity, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.String(EventFieldIds.Ota.Slot, slot),
                EventField.Int64(EventFieldIds.Ota.CampaignId, campaignId),
            });
        }

        private static SecurityEvent Build(ushort type, EventSeverity severity, EventField[] fields)
        {
            return new SecurityEvent(type, severity, EventPriority.Security, fields);
        }
    }
}
