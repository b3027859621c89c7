namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>The host's end-to-end acknowledgement (docs/formats/events.md §6).</summary>
    public sealed class EventAck
    {
        public EventAck(AckStatus status, uint batchId, long ackedThrough, uint retryAfterMs)
        {
            Status = status;
            BatchId = batchId;
            AckedThrough = ackedThrough;
            RetryAfterMs = retryAfterMs;
        }

        public AckStatus Status { get; private set; }

        public uint BatchId { get; private set; }

        /// <summary>Every record with a sequence up to this is durably stored by the host (cumulative).</summary>
        public long AckedThrough { get; private set; }

        /// <summary>How long the device must wait before publishing again (0 = no wait).</summary>
        public uint RetryAfterMs { get; private set; }
    }
}
