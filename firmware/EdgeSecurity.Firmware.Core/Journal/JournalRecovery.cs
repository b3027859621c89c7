namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>What opening the journal had to repair.</summary>
    public sealed class JournalRecovery
    {
        internal JournalRecovery(int truncatedBytes, int removedSegments, bool sequenceStateLost, long outOfSequenceFound, long outOfSequenceAfter)
        {
            TruncatedBytes = truncatedBytes;
            RemovedSegments = removedSegments;
            SequenceStateLost = sequenceStateLost;
            OutOfSequenceFound = outOfSequenceFound;
            OutOfSequenceAfter = outOfSequenceAfter;
        }

        /// <summary>Bytes cut from segment tails: torn appends that never completed, and whatever followed a
        /// record found out of sequence.</summary>
        public int TruncatedBytes { get; private set; }

        /// <summary>Segment files with no valid header (a segment creation cut by power loss).</summary>
        public int RemovedSegments { get; private set; }

        /// <summary>The sequence reservation file was missing or damaged; numbering resumed past the journal.</summary>
        public bool SequenceStateLost { get; private set; }

        /// <summary>
        /// Sequence of the first well-formed record found where a later one was due (0 = none): a copy of an
        /// earlier record written back to the flash. Power loss cannot produce it, so it is reported as tampering.
        /// </summary>
        public long OutOfSequenceFound { get; private set; }

        /// <summary>The sequence the out-of-sequence record followed.</summary>
        public long OutOfSequenceAfter { get; private set; }

        public bool TamperingFound => OutOfSequenceFound != 0;

        public bool RepairedAnything => TruncatedBytes > 0 || RemovedSegments > 0 || SequenceStateLost;
    }
}
