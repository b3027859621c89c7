using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>
    /// The bounded, power-safe store of MAC-chained event records on flash (docs/formats/events.md §4).
    /// Append-only segments with a CRC per frame; recovery cuts torn tails; when full it removes, in
    /// order, records the host already acknowledged, then telemetry, then (only for a new security
    /// record) the oldest security records, counting every drop durably before removing anything.
    /// The newest record is never removed, so the chain head and the sequence high-water mark survive.
    /// </summary>
    public sealed class EventJournal
    {
        private const string Directory = "evt/";
        private readonly IFlashStorage _flash;
        private readonly JournalOptions _options;
        private readonly SequenceAllocator _sequences;
        private readonly ArrayList _segments = new ArrayList();
        private readonly object _gate = new object();
        private JournalState _state = new JournalState();
        private long _headSequence;
        private byte[] _headMac = EventChain.Genesis();
        private bool _open;

        public EventJournal(IFlashStorage flash, JournalOptions options)
        {
            if (flash == null || options == null)
            {
                throw new ArgumentNullException(flash == null ? "flash" : "options");
            }

            options.Validate();
            _flash = flash;
            _options = options;
            _sequences = new SequenceAllocator(flash, Directory, options.SequenceBlock, options.SequenceFloor);
        }

        public int CapacityBytes => _options.CapacityBytes;

        /// <summary>Sequence of the newest record (0 before the first).</summary>
        public long HeadSequence
        {
            get { lock (_gate) { return _headSequence; } }
        }

        /// <summary>MAC of the newest record: the previous MAC of the next one.</summary>
        public byte[] HeadMac
        {
            get { lock (_gate) { return (byte[])_headMac.Clone(); } }
        }

        /// <summary>The newest record's MAC and, in <paramref name="sequence"/>, its sequence, read together (one lock).</summary>
        public byte[] ReadHead(out long sequence)
        {
            lock (_gate)
            {
                sequence = _headSequence;
                return (byte[])_headMac.Clone();
            }
        }

        public long AcknowledgedThrough
        {
            get { lock (_gate) { return _state.AcknowledgedThrough; } }
        }

        public int UsedBytes
        {
            get { lock (_gate) { return Used(); } }
        }

        /// <summary>Records on flash, including acknowledged ones not yet removed.</summary>
        public int RecordCount
        {
            get
            {
                lock (_gate)
                {
                    int count = 0;
                    for (int i = 0; i < _segments.Count; i++)
                    {
                        count += Segment(i).FrameCount;
                    }

                    return count;
                }
            }
        }

        public long DroppedTelemetryTotal
        {
            get { lock (_gate) { return _state.DroppedTelemetryTotal; } }
        }

        public long DroppedSecurityTotal
        {
            get { lock (_gate) { return _state.DroppedSecurityTotal; } }
        }

        /// <summary>Opens the journal after a (re)boot: removes leftovers of interrupted operations and
        /// truncates torn appends. Every record whose append completed is kept.</summary>
        public JournalRecovery Open()
        {
            lock (_gate)
            {
                _segments.Clear();
                DeleteTemporaryFiles();
                _state = JournalState.Load(_flash, Directory);
                int truncated = 0;
                int removed = 0;
                long outOfSequence = 0;
                long outOfSequenceAfter = 0;
                int[] numbers = SegmentNumbers();
                for (int i = 0; i < numbers.Length; i++)
                {
                    string name = SegmentFile.NameOf(Directory, numbers[i], ".bin");
                    byte[] content = SmallFile.ReadAvailable(_flash, name);
                    SegmentFile segment = SegmentFile.TryLoadHeader(Directory, numbers[i], content);
                    if (segment == null)
                    {
                        _flash.Delete(name);
                        removed++;
                        continue;
                    }

                    segment.ScanFrames(content, content.Length);
                    if (segment.OutOfSequenceFound != 0 && outOfSequence == 0)
                    {
                        outOfSequence = segment.OutOfSequenceFound;
                        outOfSequenceAfter = segment.OutOfSequenceAfter;
                    }

                    if (segment.Length < content.Length)
                    {
                        truncated += content.Length - segment.Length;
                        _flash.SetLength(name, segment.Length);
                        _flash.Flush(name);
                    }

                    _segments.Add(segment);
                }

                if (_segments.Count == 0)
                {
                    _headSequence = 0;
                    _headMac = EventChain.Genesis();
                    StartSegment(1);
                }
                else
                {
                    SegmentFile last = Last();
                    _headSequence = last.FrameCount > 0 ? last.LastSequence : last.PreviousSequence;
                    _headMac = last.FrameCount > 0 ? last.LastMac : last.PreviousMac;
                }

                _sequences.Open(_headSequence);
                RemoveAcknowledgedSegments();
                _open = true;
                return new JournalRecovery(truncated, removed, _sequences.StateLost, outOfSequence, outOfSequenceAfter);
            }
        }

        /// <summary>A sequence number for the next record, durably reserved: never handed out again.</summary>
        public long NextSequence()
        {
            lock (_gate)
            {
                RequireOpen();
                return _sequences.Next();
            }
        }

        /// <summary>
        /// Appends a record (its MAC already chained to <see cref="HeadMac"/>) and makes it durable. Returns
        /// false when it was not stored: a telemetry record while only security records remain (counted as
        /// a dropped telemetry record), or, with <paramref name="mayEvictSecurity"/> false, any record that
        /// would need a security record evicted (not counted: the caller keeps what it wanted to say).
        /// </summary>
        public bool Append(long sequence, EventPriority priority, byte[] record, byte[] mac, bool mayEvictSecurity)
        {
            lock (_gate)
            {
                RequireOpen();
                EventChain.RequireMac(mac, "mac");
                if (record == null || record.Length > EventRecordCodec.MaxRecordBytes || sequence <= _headSequence)
                {
                    throw new ArgumentException("Record must be at most " + EventRecordCodec.MaxRecordBytes.ToString() + " bytes with a sequence above " + _headSequence.ToString() + ".");
                }

                // The frame is parsed back before anything is written: a record recovery would refuse (too short,
                // or its own sequence not the one appended) must fail here with nothing on flash, not after the write.
                byte[] frameBytes = Frame.Encode(record, mac, null);
                Frame frame = Frame.TryParse(frameBytes, 0, frameBytes.Length, _headMac);
                if (frame == null || frame.Sequence != sequence)
                {
                    throw new ArgumentException("Record must be an encoded event record of at least " + Frame.MinRecordBytes.ToString() + " bytes whose own sequence is " + sequence.ToString() + ".");
                }

                if (!MakeRoom(frameBytes.Length + SegmentFile.HeaderBytes, priority, sequence, mayEvictSecurity))
                {
                    return false;
                }

                SegmentFile active = Last();
                if (active.Length + frameBytes.Length > _options.SegmentBytes)
                {
                    active = StartSegment(active.Number + 1);
                }

                _flash.Write(active.Name, active.Length, frameBytes, 0, frameBytes.Length);
                _flash.Flush(active.Name);
                active.Count(frame);
                active.Length += frameBytes.Length;
                _headSequence = sequence;
                _headMac = (byte[])mac.Clone();
                return true;
            }
        }

        /// <summary>
        /// Records that the host durably stored every record up to <paramref name="sequence"/>; those records
        /// may now leave the journal. Power-safe: the acknowledgement is saved before anything is deleted.
        /// Returns false when it acknowledges nothing new (duplicate or older acknowledgement).
        /// </summary>
        public bool Acknowledge(long sequence)
        {
            lock (_gate)
            {
                RequireOpen();
                if (sequence > _headSequence)
                {
                    throw new ArgumentException("Acknowledgement through " + sequence.ToString() + " is beyond the newest record " + _headSequence.ToString() + ".");
                }

                if (sequence <= _state.AcknowledgedThrough)
                {
                    return false;
                }

                JournalState next = _state.Clone();
                next.AcknowledgedThrough = sequence;
                next.Save(_flash, Directory);
                _state = next;
                RemoveAcknowledgedSegments();
                return true;
            }
        }

        /// <summary>Up to <paramref name="maxCount"/> unacknowledged records with a sequence above
        /// <paramref name="afterSequence"/>, oldest first.</summary>
        public JournalEntry[] ReadAfter(long afterSequence, int maxCount)
        {
            lock (_gate)
            {
                RequireOpen();
                long from = afterSequence > _state.AcknowledgedThrough ? afterSequence : _state.AcknowledgedThrough;
                var result = new ArrayList();
                for (int i = 0; i < _segments.Count && result.Count < maxCount; i++)
                {
                    SegmentFile segment = Segment(i);
                    if (segment.FrameCount == 0 || segment.LastSequence <= from)
                    {
                        continue;
                    }

                    ArrayList frames = segment.ReadFrames(_flash);
                    for (int k = 0; k < frames.Count && result.Count < maxCount; k++)
                    {
                        var frame = (Frame)frames[k];
                        if (frame.Sequence > from)
                        {
                            result.Add(new JournalEntry(frame.Sequence, frame.Record, frame.Mac, frame.PreviousMac));
                        }
                    }
                }

                var entries = new JournalEntry[result.Count];
                result.CopyTo(entries);
                return entries;
            }
        }

        /// <summary>Records not yet acknowledged by the host.</summary>
        public int CountUnacknowledged()
        {
            lock (_gate)
            {
                RequireOpen();
                int count = 0;
                long acked = _state.AcknowledgedThrough;
                for (int i = 0; i < _segments.Count; i++)
                {
                    SegmentFile segment = Segment(i);
                    if (segment.FrameCount == 0 || segment.LastSequence <= acked)
                    {
                        continue;
                    }

                    if (segment.FirstSequence > acked)
                    {
                        count += segment.FrameCount;
                        continue;
                    }

                    ArrayList frames = segment.ReadFrames(_flash);
                    for (int k = 0; k < frames.Count; k++)
                    {
                        if (((Frame)frames[k]).Sequence > acked)
                        {
                            count++;
                        }
                    }
                }

                return count;
            }
        }

        /// <summary>The drops not yet reported in a "records dropped" event (counts and sequence range),
        /// or null when there are none.</summary>
        public DropReport PendingDropReport()
        {
            lock (_gate)
            {
                if (!_state.HasUnreportedDrops)
                {
                    return null;
                }

                return new DropReport(_state.UnreportedTelemetry, _state.UnreportedSecurity, _state.FirstUnreportedSequence, _state.LastUnreportedSequence, _state.DroppedTelemetryTotal, _state.DroppedSecurityTotal);
            }
        }

        /// <summary>Marks <paramref name="report"/> as recorded in the journal; drops counted after it stay pending.</summary>
        public void MarkReported(DropReport report)
        {
            lock (_gate)
            {
                RequireOpen();
                JournalState next = _state.Clone();
                next.UnreportedTelemetry -= report.Telemetry;
                next.UnreportedSecurity -= report.Security;
                if (!next.HasUnreportedDrops)
                {
                    next.ClearUnreported();
                }

                next.Save(_flash, Directory);
                _state = next;
            }
        }

        private bool MakeRoom(int needed, EventPriority priority, long sequence, bool mayEvictSecurity)
        {
            while (Used() + needed > _options.CapacityBytes)
            {
                if (RemoveOldestAcknowledged() || EvictOldestTelemetry())
                {
                    continue;
                }

                if (priority == EventPriority.Telemetry)
                {
                    SaveDrops(1, 0, sequence, sequence);
                    return false;
                }

                if (!mayEvictSecurity)
                {
                    return false;
                }

                EvictOldestRecords(Used() + needed - _options.CapacityBytes);
            }

            return true;
        }

        private bool RemoveOldestAcknowledged()
        {
            long acked = _state.AcknowledgedThrough;
            SegmentFile segment = OldestWhere(acked, false);
            if (segment == null)
            {
                return false;
            }

            ArrayList frames = ReadDetached(segment);
            var keep = new bool[frames.Count];
            for (int i = 0; i < frames.Count; i++)
            {
                keep[i] = ((Frame)frames[i]).Sequence > acked;
            }

            Rewrite(segment, frames, keep);
            return true;
        }

        private bool EvictOldestTelemetry()
        {
            SegmentFile segment = OldestWhere(0, true);
            if (segment == null)
            {
                return false;
            }

            ArrayList frames = ReadDetached(segment);
            var keep = new bool[frames.Count];
            int dropped = 0;
            long first = 0;
            long last = 0;
            for (int i = 0; i < frames.Count; i++)
            {
                var frame = (Frame)frames[i];
                keep[i] = frame.Priority != EventPriority.Telemetry;
                if (!keep[i])
                {
                    first = dropped == 0 ? frame.Sequence : first;
                    last = frame.Sequence;
                    dropped++;
                }
            }

            SaveDrops(dropped, 0, first, last);
            Rewrite(segment, frames, keep);
            return true;
        }

        /// <summary>Drops the oldest records (only security ones remain by now) until <paramref name="deficit"/> bytes are free.</summary>
        private void EvictOldestRecords(int deficit)
        {
            SegmentFile segment = null;
            for (int i = 0; i < _segments.Count && segment == null; i++)
            {
                segment = Segment(i).FrameCount > 0 ? Segment(i) : null;
            }

            if (segment == null)
            {
                throw new InvalidOperationException("Journal is full but holds no record to evict; capacity is misconfigured.");
            }

            ArrayList frames = ReadDetached(segment);
            var keep = new bool[frames.Count];
            int freed = 0;
            int telemetry = 0;
            int security = 0;
            long first = ((Frame)frames[0]).Sequence;
            long last = first;
            for (int i = 0; i < frames.Count; i++)
            {
                var frame = (Frame)frames[i];
                keep[i] = freed >= deficit;
                if (!keep[i])
                {
                    freed += frame.Length;
                    last = frame.Sequence;
                    if (frame.Priority == EventPriority.Telemetry)
                    {
                        telemetry++;
                    }
                    else
                    {
                        security++;
                    }
                }
            }

            SaveDrops(telemetry, security, first, last);
            Rewrite(segment, frames, keep);
        }

        /// <summary>Frames of <paramref name="segment"/>, which becomes an older segment first if it holds
        /// the head: the head's MAC then lives on in the new segment's header.</summary>
        private ArrayList ReadDetached(SegmentFile segment)
        {
            if (segment == Last())
            {
                StartSegment(segment.Number + 1);
            }

            return segment.ReadFrames(_flash);
        }

        /// <summary>Replaces an older segment with only the kept frames (atomically), or deletes it when none is kept.</summary>
        private void Rewrite(SegmentFile segment, ArrayList frames, bool[] keep)
        {
            var content = new byte[segment.Length + (frames.Count * EventChain.MacBytes)];
            byte[] header = segment.EncodeHeader();
            Array.Copy(header, 0, content, 0, header.Length);
            int length = header.Length;
            byte[] implied = segment.PreviousMac;
            for (int i = 0; i < frames.Count; i++)
            {
                if (!keep[i])
                {
                    continue;
                }

                var frame = (Frame)frames[i];
                bool linked = ConstantTime.AreEqual(frame.PreviousMac, implied);
                byte[] encoded = Frame.Encode(frame.Record, frame.Mac, linked ? null : frame.PreviousMac);
                Array.Copy(encoded, 0, content, length, encoded.Length);
                length += encoded.Length;
                implied = frame.Mac;
            }

            if (length == header.Length)
            {
                _flash.Delete(segment.Name);
                _segments.Remove(segment);
                return;
            }

            byte[] exact = Frame.Slice(content, 0, length);
            SmallFile.Replace(_flash, segment.Name, segment.TempName, exact);
            segment.ScanFrames(exact, exact.Length);
        }

        private void SaveDrops(int telemetry, int security, long first, long last)
        {
            JournalState next = _state.Clone();
            next.AddDrops(telemetry, security, first, last);
            next.Save(_flash, Directory);
            _state = next;
        }

        /// <summary>The oldest segment with frames that either contains acknowledged records
        /// (<paramref name="telemetry"/> false, <paramref name="acked"/> the limit) or telemetry.</summary>
        private SegmentFile OldestWhere(long acked, bool telemetry)
        {
            for (int i = 0; i < _segments.Count; i++)
            {
                SegmentFile segment = Segment(i);
                if (segment.FrameCount == 0)
                {
                    continue;
                }

                if (telemetry ? segment.TelemetryCount > 0 : segment.FirstSequence <= acked)
                {
                    return segment;
                }
            }

            return null;
        }

        private void RemoveAcknowledgedSegments()
        {
            long acked = _state.AcknowledgedThrough;
            while (_segments.Count > 1)
            {
                SegmentFile oldest = Segment(0);
                if (oldest.FrameCount > 0 && oldest.LastSequence > acked)
                {
                    return;
                }

                _flash.Delete(oldest.Name);
                _segments.RemoveAt(0);
            }
        }

        private SegmentFile StartSegment(int number)
        {
            var segment = new SegmentFile(Directory, number, _headSequence, (byte[])_headMac.Clone());
            byte[] header = segment.EncodeHeader();
            _flash.Write(segment.Name, 0, header, 0, header.Length);
            _flash.Flush(segment.Name);
            _segments.Add(segment);
            return segment;
        }

        private void DeleteTemporaryFiles()
        {
            string[] names = _flash.List(Directory);
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i].EndsWith(".tmp"))
                {
                    _flash.Delete(names[i]);
                }
            }
        }

        private int[] SegmentNumbers()
        {
            string[] names = _flash.List(Directory);
            var found = new ArrayList();
            for (int i = 0; i < names.Length; i++)
            {
                int number = SegmentFile.ParseNumber(Directory, names[i]);
                if (number >= 0)
                {
                    found.Add(number);
                }
            }

            var numbers = new int[found.Count];
            for (int i = 0; i < numbers.Length; i++)
            {
                numbers[i] = (int)found[i];
            }

            // Insertion sort: a handful of segments, and no generic Array.Sort on the device.
            for (int i = 1; i < numbers.Length; i++)
            {
                int value = numbers[i];
                int k = i - 1;
                while (k >= 0 && numbers[k] > value)
                {
                    numbers[k + 1] = numbers[k];
                    k--;
                }

                numbers[k + 1] = value;
            }

            return numbers;
        }

        private int Used()
        {
            int used = 0;
            for (int i = 0; i < _segments.Count; i++)
            {
                used += Segment(i).Length;
            }

            return used;
        }

        private SegmentFile Segment(int index)
        {
            return (SegmentFile)_segments[index];
        }

        private SegmentFile Last()
        {
            return Segment(_segments.Count - 1);
        }

        private void RequireOpen()
        {
            if (!_open)
            {
                throw new InvalidOperationException("Open the journal first.");
            }
        }
    }
}
