using System;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>Encodes journal records into batch messages and decodes them (docs/formats/events.md §5).</summary>
    public static class EventBatchCodec
    {
        private const string Field = "event.batch";

        public const byte FormatVersion = 1;
        public const int MaxEntries = 64;
        public const int MaxBatchBytes = 16384;
        public const int HeaderBytes = 7;

        private const int CompletenessFlag = 1;

        /// <summary>Bytes an entry takes in a batch.</summary>
        public static int EntrySize(int recordLength, bool withPreviousMac)
        {
            return 1 + (withPreviousMac ? EventChain.MacBytes : 0) + 2 + recordLength + EventChain.MacBytes;
        }

        /// <summary>The batch of the first <paramref name="count"/> <paramref name="entries"/>, without a completeness statement.</summary>
        public static byte[] Encode(uint batchId, JournalEntry[] entries, int count)
        {
            return Encode(batchId, entries, count, null);
        }

        /// <summary>The batch of the first <paramref name="count"/> <paramref name="entries"/> with the device's
        /// <paramref name="completeness"/> statement for them (null for none).</summary>
        public static byte[] Encode(uint batchId, JournalEntry[] entries, int count, BatchCompleteness completeness)
        {
            if (entries == null || count < 1 || count > MaxEntries || count > entries.Length)
            {
                throw new ArgumentException("A batch holds 1 to " + MaxEntries.ToString() + " entries.");
            }

            if (completeness != null && completeness.CoveredFrom > entries[0].Sequence)
            {
                throw new ArgumentException("A completeness statement covers at least the batch's first entry.");
            }

            var writer = new ByteWriter(1024);
            writer.WriteByte(FormatVersion);
            writer.WriteByte(completeness == null ? 0 : CompletenessFlag);
            writer.WriteUInt32(batchId);
            writer.WriteByte(count);
            if (completeness != null)
            {
                writer.WriteInt64(completeness.CoveredFrom);
                writer.WriteBytes(completeness.Tag);
            }
            byte[] implied = null;
            for (int i = 0; i < count; i++)
            {
                JournalEntry entry = entries[i];
                bool explicitPrevious = implied == null || !ConstantTime.AreEqual(implied, entry.PreviousMac);
                writer.WriteByte(explicitPrevious ? 1 : 0);
                if (explicitPrevious)
                {
                    writer.WriteBytes(entry.PreviousMac);
                }

                writer.WriteUInt16(entry.Record.Length);
                writer.WriteBytes(entry.Record);
                writer.WriteBytes(entry.Mac);
                implied = entry.Mac;
            }

            if (writer.Length > MaxBatchBytes)
            {
                throw new ArgumentException("Batch exceeds " + MaxBatchBytes.ToString() + " bytes.");
            }

            return writer.ToArray();
        }

        /// <summary>Parses a batch; anything malformed (including its records) is an <see cref="EventFormatException"/>.
        /// It does not check MACs: that is <see cref="EventChainVerifier"/>'s job.</summary>
        public static EventBatch Decode(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (data.Length > MaxBatchBytes)
            {
                throw new EventFormatException(EventFormatError.BatchTooLong, Field, data.Length.ToString() + " bytes");
            }

            var reader = new WireReader(data, 0, data.Length, Field);
            int version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new EventFormatException(EventFormatError.UnsupportedVersion, Field, "batch version " + version.ToString());
            }

            int flags = reader.ReadByte();
            if ((flags & ~CompletenessFlag) != 0)
            {
                throw new EventFormatException(EventFormatError.ReservedBitsSet, Field, "batch flags");
            }

            uint batchId = reader.ReadUInt32();
            int count = reader.ReadByte();
            if (count < 1 || count > MaxEntries)
            {
                throw new EventFormatException(EventFormatError.InvalidEntryCount, Field, count.ToString() + " entries");
            }

            long coveredFrom = 0;
            byte[] tag = null;
            if ((flags & CompletenessFlag) != 0)
            {
                coveredFrom = reader.ReadInt64();
                tag = reader.ReadBytes(EventChain.MacBytes);
            }

            var entries = new EventBatchEntry[count];
            for (int i = 0; i < count; i++)
            {
                entries[i] = ReadEntry(reader, i == 0 ? null : entries[i - 1]);
            }

            reader.ExpectEnd();
            if (tag == null)
            {
                return new EventBatch(batchId, entries, null);
            }

            if (coveredFrom < 1 || coveredFrom > entries[0].Record.Sequence)
            {
                throw new EventFormatException(EventFormatError.InvalidSequence, Field, "covered-from " + coveredFrom.ToString() + " is not between 1 and the first entry's sequence");
            }

            return new EventBatch(batchId, entries, new BatchCompleteness(coveredFrom, tag));
        }

        private static EventBatchEntry ReadEntry(WireReader reader, EventBatchEntry previous)
        {
            int flags = reader.ReadByte();
            if ((flags & 0xFE) != 0)
            {
                throw new EventFormatException(EventFormatError.ReservedBitsSet, Field, "entry flags");
            }

            byte[] previousMac;
            if ((flags & 1) != 0)
            {
                previousMac = reader.ReadBytes(EventChain.MacBytes);
                if (previous != null && ConstantTime.AreEqual(previousMac, previous.Mac))
                {
                    throw new EventFormatException(EventFormatError.NonCanonical, Field, "explicit previous MAC equal to the preceding entry's MAC");
                }
            }
            else if (previous == null)
            {
                throw new EventFormatException(EventFormatError.MissingPreviousMac, Field, "the first entry must carry its previous MAC");
            }
            else
            {
                previousMac = previous.Mac;
            }

            int length = reader.ReadUInt16();
            if (length < 1 || length > EventRecordCodec.MaxRecordBytes)
            {
                throw new EventFormatException(EventFormatError.InvalidRecordLength, Field, length.ToString() + " bytes");
            }

            byte[] recordBytes = reader.ReadBytes(length);
            EventRecord record = EventRecordCodec.Decode(recordBytes);
            byte[] mac = reader.ReadBytes(EventChain.MacBytes);
            if (previous != null)
            {
                if (record.Sequence <= previous.Record.Sequence)
                {
                    throw new EventFormatException(EventFormatError.SequenceOrder, Field, "sequence " + record.Sequence.ToString() + " after " + previous.Record.Sequence.ToString());
                }

                if (record.DeviceId != previous.Record.DeviceId)
                {
                    throw new EventFormatException(EventFormatError.MixedDevices, Field, "one batch, one device");
                }
            }

            return new EventBatchEntry(previousMac, recordBytes, mac, record);
        }
    }
}
