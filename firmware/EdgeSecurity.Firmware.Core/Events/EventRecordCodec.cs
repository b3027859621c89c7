using System;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>Encodes and decodes event records (docs/formats/events.md §1).</summary>
    public static class EventRecordCodec
    {
        private const string Field = "event.record";

        public const int MaxRecordBytes = 1024;
        public const int MaxDeviceIdLength = 64;
        public const int MaxFields = 24;

        /// <summary>Offset of the sequence number; the journal reads it without decoding the whole record.</summary>
        internal const int SequenceOffset = 10;

        internal const int PriorityOffset = 2;

        /// <summary>The canonical bytes of <paramref name="record"/>. A record that breaks a bound is a
        /// programming error: <see cref="ArgumentException"/>.</summary>
        public static byte[] Encode(EventRecord record)
        {
            if (record == null)
            {
                throw new ArgumentNullException("record");
            }

            if (record.Sequence < 1)
            {
                throw new ArgumentException("Sequence numbers start at 1.");
            }

            if (record.UptimeMs < 0)
            {
                throw new ArgumentException("Uptime cannot be negative.");
            }

            if (record.EventType == 0)
            {
                throw new ArgumentException("Event type 0 is reserved.");
            }

            if ((int)record.Severity < 0 || (int)record.Severity > (int)EventSeverity.Critical
                || (int)record.Priority < 0 || (int)record.Priority > (int)EventPriority.Security)
            {
                throw new ArgumentException("Unknown severity or priority.");
            }

            byte[] deviceId = DeviceIdBytes(record.DeviceId);
            EventField[] fields = record.Fields == null ? new EventField[0] : record.Fields;
            if (fields.Length > MaxFields)
            {
                throw new ArgumentException("At most " + MaxFields.ToString() + " fields.");
            }

            var writer = new ByteWriter(128);
            writer.WriteByte(record.KeyEpoch == 0 ? EventRecord.FormatVersion : EventRecord.EpochFormatVersion);
            writer.WriteByte(record.DeviceTimeTrusted ? 1 : 0);
            writer.WriteByte((int)record.Priority);
            writer.WriteByte((int)record.Severity);
            writer.WriteUInt16(record.EventType);
            writer.WriteUInt32(record.BootCounter);
            writer.WriteInt64(record.Sequence);
            writer.WriteInt64(record.DeviceTimeUnixMs);
            writer.WriteInt64(record.UptimeMs);
            if (record.KeyEpoch != 0)
            {
                writer.WriteUInt16(record.KeyEpoch);
            }

            writer.WriteByte(deviceId.Length);
            writer.WriteBytes(deviceId);
            writer.WriteByte(fields.Length);
            int previousId = 0;
            for (int i = 0; i < fields.Length; i++)
            {
                EventField field = fields[i];
                if (field == null || field.Id <= previousId)
                {
                    throw new ArgumentException("Fields must be non-null with strictly increasing ids.");
                }

                previousId = field.Id;
                WriteField(writer, field);
            }

            if (writer.Length > MaxRecordBytes)
            {
                throw new ArgumentException("Encoded record is " + writer.Length.ToString() + " bytes; at most " + MaxRecordBytes.ToString() + ".");
            }

            return writer.ToArray();
        }

        public static EventRecord Decode(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            return Decode(data, 0, data.Length);
        }

        /// <summary>Parses exactly <paramref name="count"/> bytes; anything malformed is an <see cref="EventFormatException"/>.</summary>
        public static EventRecord Decode(byte[] data, int offset, int count)
        {
            if (count > MaxRecordBytes)
            {
                throw new EventFormatException(EventFormatError.RecordTooLong, Field, count.ToString() + " bytes");
            }

            var reader = new WireReader(data, offset, count, Field);
            var record = new EventRecord();
            int version = reader.ReadByte();
            if (version != EventRecord.FormatVersion && version != EventRecord.EpochFormatVersion)
            {
                throw new EventFormatException(EventFormatError.UnsupportedVersion, Field, "record version " + version.ToString());
            }

            int flags = reader.ReadByte();
            if ((flags & 0xFE) != 0)
            {
                throw new EventFormatException(EventFormatError.ReservedBitsSet, Field, "record flags");
            }

            record.DeviceTimeTrusted = (flags & 1) != 0;
            int priority = reader.ReadByte();
            if (priority > (int)EventPriority.Security)
            {
                throw new EventFormatException(EventFormatError.InvalidPriority, Field, priority.ToString());
            }

            record.Priority = (EventPriority)priority;
            int severity = reader.ReadByte();
            if (severity > (int)EventSeverity.Critical)
            {
                throw new EventFormatException(EventFormatError.InvalidSeverity, Field, severity.ToString());
            }

            record.Severity = (EventSeverity)severity;
            int type = reader.ReadUInt16();
            if (type == 0)
            {
                throw new EventFormatException(EventFormatError.InvalidEventType, Field, "type 0");
            }

            record.EventType = (ushort)type;
            record.BootCounter = reader.ReadUInt32();
            record.Sequence = reader.ReadInt64();
            if (record.Sequence < 1)
            {
                throw new EventFormatException(EventFormatError.InvalidSequence, Field, "sequence must be 1 to 2^63-1");
            }

            record.DeviceTimeUnixMs = reader.ReadInt64();
            record.UptimeMs = reader.ReadInt64();
            if (record.UptimeMs < 0)
            {
                throw new EventFormatException(EventFormatError.InvalidUptime, Field, "negative uptime");
            }

            if (version == EventRecord.EpochFormatVersion)
            {
                // Epoch 0 is written as version 1, so that every record has exactly one encoding.
                int epoch = reader.ReadUInt16();
                if (epoch == 0)
                {
                    throw new EventFormatException(EventFormatError.InvalidKeyEpoch, Field, "a version 2 record names key epoch 1 or above");
                }

                record.KeyEpoch = (ushort)epoch;
            }

            record.DeviceId = ReadDeviceId(reader);
            record.Fields = ReadFields(reader);
            reader.ExpectEnd();
            return record;
        }

        /// <summary>The sequence number of well-formed record bytes, read at its fixed offset.</summary>
        internal static long PeekSequence(byte[] data, int offset)
        {
            return new WireReader(data, offset + SequenceOffset, 8, Field).ReadInt64();
        }

        internal static EventPriority PeekPriority(byte[] data, int offset)
        {
            return (EventPriority)data[offset + PriorityOffset];
        }

        internal static byte[] DeviceIdBytes(string deviceId)
        {
            if (deviceId == null || deviceId.Length < 1 || deviceId.Length > MaxDeviceIdLength)
            {
                throw new ArgumentException("Device id must be 1 to " + MaxDeviceIdLength.ToString() + " characters.");
            }

            var bytes = new byte[deviceId.Length];
            for (int i = 0; i < deviceId.Length; i++)
            {
                char c = deviceId[i];
                if (c < (char)0x21 || c > (char)0x7E)
                {
                    throw new ArgumentException("Device id must be printable ASCII without spaces.");
                }

                bytes[i] = (byte)c;
            }

            return bytes;
        }

        private static string ReadDeviceId(WireReader reader)
        {
            int length = reader.ReadByte();
            if (length < 1 || length > MaxDeviceIdLength)
            {
                throw new EventFormatException(EventFormatError.InvalidDeviceId, Field, "length " + length.ToString());
            }

            byte[] bytes = reader.ReadBytes(length);
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                if (bytes[i] < 0x21 || bytes[i] > 0x7E)
                {
                    throw new EventFormatException(EventFormatError.InvalidDeviceId, Field, "byte outside printable ASCII");
                }

                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }

        private static EventField[] ReadFields(WireReader reader)
        {
            int count = reader.ReadByte();
            if (count > MaxFields)
            {
                throw new EventFormatException(EventFormatError.TooManyFields, Field, count.ToString() + " fields");
            }

            var fields = new EventField[count];
            int previousId = 0;
            for (int i = 0; i < count; i++)
            {
                int id = reader.ReadByte();
                if (id <= previousId)
                {
                    throw new EventFormatException(EventFormatError.FieldOrder, Field, "field id " + id.ToString() + " after " + previousId.ToString());
                }

                previousId = id;
                fields[i] = ReadFieldValue(reader, (byte)id);
            }

            return fields;
        }

        private static EventField ReadFieldValue(WireReader reader, byte id)
        {
            int kind = reader.ReadByte();
            switch (kind)
            {
                case (int)EventFieldKind.Int32:
                    return EventField.FromWire(id, EventFieldKind.Int32, (int)reader.ReadUInt32(), null);
                case (int)EventFieldKind.Int64:
                    return EventField.FromWire(id, EventFieldKind.Int64, reader.ReadInt64(), null);
                case (int)EventFieldKind.Bool:
                    int flag = reader.ReadByte();
                    if (flag > 1)
                    {
                        throw new EventFormatException(EventFormatError.InvalidBool, Field, "bool value " + flag.ToString());
                    }

                    return EventField.FromWire(id, EventFieldKind.Bool, flag, null);
                case (int)EventFieldKind.String:
                case (int)EventFieldKind.Bytes:
                    int length = reader.ReadUInt16();
                    if (length > EventField.MaxValueBytes)
                    {
                        throw new EventFormatException(EventFormatError.FieldTooLong, Field, "field " + id.ToString() + " has " + length.ToString() + " bytes");
                    }

                    byte[] value = reader.ReadBytes(length);
                    if (kind == (int)EventFieldKind.String && !Utf8Text.IsValid(value))
                    {
                        throw new EventFormatException(EventFormatError.InvalidUtf8, Field, "field " + id.ToString());
                    }

                    return EventField.FromWire(id, (EventFieldKind)kind, 0, value);
                default:
                    throw new EventFormatException(EventFormatError.UnknownFieldKind, Field, "kind " + kind.ToString());
            }
        }

        private static void WriteField(ByteWriter writer, EventField field)
        {
            writer.WriteByte(field.Id);
            writer.WriteByte((int)field.Kind);
            switch (field.Kind)
            {
                case EventFieldKind.Int32:
                    writer.WriteUInt32((uint)(int)field.RawNumber);
                    break;
                case EventFieldKind.Int64:
                    writer.WriteInt64(field.RawNumber);
                    break;
                case EventFieldKind.Bool:
                    writer.WriteByte((int)field.RawNumber);
                    break;
                default:
                    writer.WriteUInt16(field.RawBytes.Length);
                    writer.WriteBytes(field.RawBytes);
                    break;
            }
        }
    }
}
