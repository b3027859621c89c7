namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>A decoded batch message (docs/formats/events.md §5).</summary>
    public sealed class EventBatch
    {
        internal EventBatch(uint batchId, EventBatchEntry[] entries, BatchCompleteness completeness)
        {
            BatchId = batchId;
            Entries = entries;
            Completeness = completeness;
        }

        public uint BatchId { get; private set; }

        public EventBatchEntry[] Entries { get; private set; }

        /// <summary>The device's statement that the batch holds every record it has in a range; null when absent
        /// (decoding does not check its MAC: <see cref="BatchCompleteness.Verifies"/> does).</summary>
        public BatchCompleteness Completeness { get; private set; }
    }
}
