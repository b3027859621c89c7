using System;
using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Firmware.Core.Upload
{
    public sealed class UploaderOptions
    {
        /// <summary>Smallest batch limit that still fits one record of the largest size.</summary>
        public const int MinBatchBytes = EventBatchCodec.HeaderBytes + BatchCompleteness.Bytes + 1 + EventChain.MacBytes + 2 + EventRecordCodec.MaxRecordBytes + EventChain.MacBytes;

        public UploaderOptions()
        {
            MaxBatchBytes = 4096;
            MaxBatchRecords = 32;
            MaxInFlightBatches = 2;
            AckTimeoutMs = 30000;
        }

        public int MaxBatchBytes { get; set; }

        public int MaxBatchRecords { get; set; }

        /// <summary>Batches published but not yet acknowledged end to end.</summary>
        public int MaxInFlightBatches { get; set; }

        /// <summary>Uptime after which unacknowledged batches are sent again.</summary>
        public long AckTimeoutMs { get; set; }

        internal void Validate()
        {
            if (MaxBatchBytes < MinBatchBytes || MaxBatchBytes > EventBatchCodec.MaxBatchBytes)
            {
                throw new ArgumentException("MaxBatchBytes must be " + MinBatchBytes.ToString() + " to " + EventBatchCodec.MaxBatchBytes.ToString() + ".");
            }

            if (MaxBatchRecords < 1 || MaxBatchRecords > EventBatchCodec.MaxEntries || MaxInFlightBatches < 1 || AckTimeoutMs < 1)
            {
                throw new ArgumentException("MaxBatchRecords must be 1 to " + EventBatchCodec.MaxEntries.ToString() + "; MaxInFlightBatches and AckTimeoutMs at least 1.");
            }
        }
    }
}
