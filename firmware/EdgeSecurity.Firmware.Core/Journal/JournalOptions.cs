using System;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>Sizing of the event journal on flash.</summary>
    public sealed class JournalOptions
    {
        /// <summary>Smallest segment that holds a header and one frame of the largest record.</summary>
        public const int MinSegmentBytes = SegmentFile.HeaderBytes + Frame.MaxBytes;

        public JournalOptions()
        {
            CapacityBytes = 64 * 1024;
            SegmentBytes = 4096;
            HealthThresholdPercent = 80;
            SequenceBlock = 32;
            DropReportInterval = 16;
        }

        /// <summary>Bytes of flash the journal's segments may occupy (state files and one segment being
        /// compacted come on top). At least three segments.</summary>
        public int CapacityBytes { get; set; }

        public int SegmentBytes { get; set; }

        /// <summary>Fill level (percent of <see cref="CapacityBytes"/>) at which a journal-health event is recorded.</summary>
        public int HealthThresholdPercent { get; set; }

        /// <summary>How many sequence numbers are reserved durably at a time (one flash write per block).</summary>
        public int SequenceBlock { get; set; }

        /// <summary>While the journal holds only security events, a "records dropped" report may itself
        /// evict the oldest security event at most once per this many records.</summary>
        public int DropReportInterval { get; set; }

        /// <summary>The epoch of the device's event key (0 until the first re-enrolment with a new key). Records
        /// name it, and the journal hands out only sequence numbers above <c>KeyEpoch * 2^40</c>
        /// (<see cref="Events.EventRecord.EpochSequenceBand"/>), so a journal that restarts with a new key
        /// never repeats a number the host already holds.</summary>
        public ushort KeyEpoch { get; set; }

        internal long SequenceFloor => KeyEpoch * Events.EventRecord.EpochSequenceBand;

        internal void Validate()
        {
            if (SegmentBytes < MinSegmentBytes)
            {
                throw new ArgumentException("SegmentBytes must be at least " + MinSegmentBytes.ToString() + ".");
            }

            if (CapacityBytes < 3 * SegmentBytes)
            {
                throw new ArgumentException("CapacityBytes must be at least three segments.");
            }

            if (HealthThresholdPercent < 1 || HealthThresholdPercent > 100 || SequenceBlock < 1 || DropReportInterval < 1)
            {
                throw new ArgumentException("HealthThresholdPercent must be 1-100; SequenceBlock and DropReportInterval at least 1.");
            }
        }
    }
}
