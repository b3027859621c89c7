using System;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>One record as stored in a segment (docs/formats/events.md §4), with its resolved previous MAC.</summary>
    internal sealed class Frame
    {
        public const byte Marker = 0xA5;
        public const int OverheadBytes = 4 + EventChain.MacBytes + 4;
        public const int MaxBytes = OverheadBytes + EventChain.MacBytes + EventRecordCodec.MaxRecordBytes;

        /// <summary>Shortest well-formed record: header, one-byte device id, field count.</summary>
        public const int MinRecordBytes = 37;

        public int Offset { get; private set; }

        public int Length { get; private set; }

        public long Sequence { get; private set; }

        public EventPriority Priority { get; private set; }

        public byte[] Record { get; private set; }

        public byte[] Mac { get; private set; }

        /// <summary>The MAC this record was chained to (explicit in the frame, or its predecessor's).</summary>
        public byte[] PreviousMac { get; private set; }

        public static int SizeFor(int recordLength, bool explicitPrevious)
        {
            return OverheadBytes + recordLength + (explicitPrevious ? EventChain.MacBytes : 0);
        }

        public static byte[] Encode(byte[] record, byte[] mac, byte[] explicitPrevious)
        {
            bool hasPrevious = explicitPrevious != null;
            var frame = new byte[SizeFor(record.Length, hasPrevious)];
            frame[0] = Marker;
            frame[1] = (byte)(hasPrevious ? 1 : 0);
            LittleEndian.PutUInt16(frame, 2, record.Length);
            int at = 4;
            if (hasPrevious)
            {
                Array.Copy(explicitPrevious, 0, frame, at, EventChain.MacBytes);
                at += EventChain.MacBytes;
            }

            Array.Copy(record, 0, frame, at, record.Length);
            at += record.Length;
            Array.Copy(mac, 0, frame, at, EventChain.MacBytes);
            at += EventChain.MacBytes;
            WriteCrc(frame, at);
            return frame;
        }

        /// <summary>The frame at <paramref name="offset"/>, or null when it is incomplete or damaged (a torn append).</summary>
        public static Frame TryParse(byte[] data, int offset, int end, byte[] implicitPrevious)
        {
            if (end - offset < 4 || data[offset] != Marker || (data[offset + 1] & 0xFE) != 0)
            {
                return null;
            }

            bool hasPrevious = data[offset + 1] == 1;
            int recordLength = LittleEndian.ReadUInt16(data, offset + 2);
            if (recordLength < MinRecordBytes || recordLength > EventRecordCodec.MaxRecordBytes)
            {
                return null;
            }

            int length = SizeFor(recordLength, hasPrevious);
            if (end - offset < length || !HasValidCrc(data, offset, offset + length - 4))
            {
                return null;
            }

            var frame = new Frame();
            frame.Offset = offset;
            frame.Length = length;
            int at = offset + 4;
            if (hasPrevious)
            {
                frame.PreviousMac = Slice(data, at, EventChain.MacBytes);
                at += EventChain.MacBytes;
            }
            else
            {
                frame.PreviousMac = implicitPrevious;
            }

            frame.Record = Slice(data, at, recordLength);
            frame.Mac = Slice(data, at + recordLength, EventChain.MacBytes);
            frame.Sequence = EventRecordCodec.PeekSequence(frame.Record, 0);
            frame.Priority = EventRecordCodec.PeekPriority(frame.Record, 0);
            return frame;
        }

        internal static void WriteCrc(byte[] buffer, int at)
        {
            LittleEndian.PutUInt32(buffer, at, Crc32.Compute(buffer, 0, at));
        }

        private static uint ReadCrc(byte[] buffer, int at)
        {
            return LittleEndian.ReadUInt32(buffer, at);
        }

        /// <summary>True when the CRC-32 stored at <paramref name="crcAt"/> matches the bytes from <paramref name="offset"/> up to it.</summary>
        internal static bool HasValidCrc(byte[] data, int offset, int crcAt)
        {
            return ReadCrc(data, crcAt) == Crc32.Compute(data, offset, crcAt - offset);
        }

        internal static bool StartsWith(byte[] data, byte[] prefix)
        {
            for (int i = 0; i < prefix.Length; i++)
            {
                if (data[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        internal static byte[] Slice(byte[] data, int offset, int count)
        {
            var result = new byte[count];
            Array.Copy(data, offset, result, 0, count);
            return result;
        }
    }
}
