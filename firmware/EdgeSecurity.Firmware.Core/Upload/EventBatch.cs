namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>A decoded batch message (docs/formats/events.md §5).</summary>
    public sealed class EventBatch
    {
        internal EventBatch(uint batchId, EventBatchEntry[] entries)
        {
            BatchId = batchId;
            Entries = entries;
        }

        public uint BatchId { get; private set; }

        public EventBatchEntry[] Entries { get; private set; }
    }
}
