namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>A published batch waiting for the host's end-to-end acknowledgement.</summary>
    internal sealed class InFlightBatch
    {
        public InFlightBatch(uint batchId, long lastSequence, long sentAtUptimeMs)
        {
            BatchId = batchId;
            LastSequence = lastSequence;
            SentAtUptimeMs = sentAtUptimeMs;
        }

        public uint BatchId { get; private set; }

        public long LastSequence { get; private set; }

        public long SentAtUptimeMs { get; private set; }
    }
}
