namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>What opening the journal had to repair.</summary>
    public sealed class JournalRecovery
    {
        internal JournalRecovery(int truncatedBytes, int removedSegments, bool sequenceStateLost)
        {
            TruncatedBytes = truncatedBytes;
            RemovedSegments = removedSegments;
            SequenceStateLost = sequenceStateLost;
        }

        /// <summary>Bytes cut from segment tails: torn appends that never completed.</summary>
        public int TruncatedBytes { get; private set; }

        /// <summary>Segment files with no valid header (a segment creation cut by power loss).</summary>
        public int RemovedSegments { get; private set; }

        /// <summary>The sequence reservation file was missing or damaged; numbering resumed past the journal.</summary>
        public bool SequenceStateLost { get; private set; }

        public bool RepairedAnything => TruncatedBytes > 0 || RemovedSegments > 0 || SequenceStateLost;
    }
}
