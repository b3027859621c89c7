using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>
    /// What the journal keeps in memory about one segment file (docs/formats/events.md §4): a summary, not
    /// the frames, so RAM stays small; frames are re-read from flash when needed.
    /// </summary>
    internal sealed class SegmentFile
    {
        public const int HeaderBytes = 52;
        private const string Prefix = "seg-";
        private static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'J', (byte)'1' };

        public SegmentFile(string directory, int number, long previousSequence, byte[] previousMac)
        {
            Directory = directory;
            Number = number;
            PreviousSequence = previousSequence;
            PreviousMac = previousMac;
            Length = HeaderBytes;
        }

        public string Directory { get; private set; }

        public int Number { get; private set; }

        public string Name => NameOf(Directory, Number, ".bin");

        public string TempName => NameOf(Directory, Number, ".tmp");

        /// <summary>Sequence and MAC of the record chained before this segment's first frame.</summary>
        public long PreviousSequence { get; private set; }

        public byte[] PreviousMac { get; private set; }

        public int Length { get; set; }

        public int FrameCount { get; private set; }

        public int TelemetryCount { get; private set; }

        public long FirstSequence { get; private set; }

        public long LastSequence { get; private set; }

        public byte[] LastMac { get; private set; }

        public static string NameOf(string directory, int number, string extension)
        {
            return directory + Prefix + number.ToString("x8") + extension;
        }

        /// <summary>The segment number in <paramref name="name"/> if it is a segment file of <paramref name="directory"/>, else -1.</summary>
        public static int ParseNumber(string directory, string name)
        {
            string stem = directory + Prefix;
            if (!name.StartsWith(stem) || !name.EndsWith(".bin") || name.Length != stem.Length + 12)
            {
                return -1;
            }

            string hex = name.Substring(stem.Length, 8);
            for (int i = 0; i < hex.Length; i++)
            {
                char c = hex[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return -1;
                }
            }

            return (int)Convert.ToUInt32(hex, 16);
        }

        public byte[] EncodeHeader()
        {
            var header = new byte[HeaderBytes];
            Array.Copy(Magic, 0, header, 0, 4);
            LittleEndian.PutUInt32(header, 4, (uint)Number);
            LittleEndian.PutInt64(header, 8, PreviousSequence);
            Array.Copy(PreviousMac, 0, header, 16, EventChain.MacBytes);
            Frame.WriteCrc(header, 48);
            return header;
        }

        /// <summary>Reads and checks the header of a stored segment; null when it is missing or damaged.</summary>
        public static SegmentFile TryLoadHeader(string directory, int number, byte[] content)
        {
            if (content.Length < HeaderBytes || !Frame.HasValidCrc(content, 0, 48) || !Frame.StartsWith(content, Magic))
            {
                return null;
            }

            if (LittleEndian.ReadUInt32(content, 4) != (uint)number)
            {
                return null;
            }

            long previous = LittleEndian.ReadInt64(content, 8);
            return new SegmentFile(directory, number, previous, Frame.Slice(content, 16, EventChain.MacBytes));
        }

        /// <summary>Sequence of a well-formed frame the last scan found out of order (0 = none); the scan stopped there.</summary>
        public long OutOfSequenceFound { get; private set; }

        /// <summary>The sequence that frame came after.</summary>
        public long OutOfSequenceAfter { get; private set; }

        /// <summary>
        /// Parses the frames of <paramref name="content"/> up to the first damaged one, updates the summary,
        /// and returns them. <see cref="Length"/> becomes the end of the last good frame.
        /// </summary>
        public ArrayList ScanFrames(byte[] content, int contentLength)
        {
            var frames = new ArrayList();
            ResetSummary();
            int offset = HeaderBytes;
            byte[] previous = PreviousMac;
            long lastSequence = PreviousSequence;
            while (offset < contentLength)
            {
                Frame frame = Frame.TryParse(content, offset, contentLength, previous);
                if (frame == null)
                {
                    break;
                }

                if (frame.Sequence <= lastSequence)
                {
                    // A whole frame with a valid CRC cannot come from a torn append: someone wrote it there.
                    OutOfSequenceFound = frame.Sequence;
                    OutOfSequenceAfter = lastSequence;
                    break;
                }

                frames.Add(frame);
                Count(frame);
                previous = frame.Mac;
                lastSequence = frame.Sequence;
                offset += frame.Length;
            }

            Length = offset;
            return frames;
        }

        /// <summary>Reads the segment from flash and returns its frames.</summary>
        public ArrayList ReadFrames(IFlashStorage flash)
        {
            byte[] content = SmallFile.ReadAvailable(flash, Name);
            return ScanFrames(content, content.Length);
        }

        public void Count(Frame frame)
        {
            if (FrameCount == 0)
            {
                FirstSequence = frame.Sequence;
            }

            FrameCount++;
            if (frame.Priority == EventPriority.Telemetry)
            {
                TelemetryCount++;
            }

            LastSequence = frame.Sequence;
            LastMac = frame.Mac;
        }

        public void ResetSummary()
        {
            OutOfSequenceFound = 0;
            OutOfSequenceAfter = 0;
            FrameCount = 0;
            TelemetryCount = 0;
            FirstSequence = 0;
            LastSequence = 0;
            LastMac = null;
            Length = HeaderBytes;
        }
    }
}
