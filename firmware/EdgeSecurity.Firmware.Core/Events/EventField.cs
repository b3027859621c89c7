using System;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>One typed value of an event, identified by a per-event-type field id (1–255).</summary>
    public sealed class EventField
    {
        /// <summary>Longest string or byte value, in bytes.</summary>
        public const int MaxValueBytes = 255;

        private readonly long _number;
        private readonly byte[] _bytes;

        private EventField(byte id, EventFieldKind kind, long number, byte[] bytes)
        {
            if (id == 0)
            {
                throw new ArgumentException("Field id 0 is reserved.");
            }

            Id = id;
            Kind = kind;
            _number = number;
            _bytes = bytes;
        }

        public byte Id { get; private set; }

        public EventFieldKind Kind { get; private set; }

        public static EventField Int32(byte id, int value)
        {
            return new EventField(id, EventFieldKind.Int32, value, null);
        }

        public static EventField Int64(byte id, long value)
        {
            return new EventField(id, EventFieldKind.Int64, value, null);
        }

        public static EventField Bool(byte id, bool value)
        {
            return new EventField(id, EventFieldKind.Bool, value ? 1 : 0, null);
        }

        /// <summary>A text value; longer text is cut at a character boundary to <see cref="MaxValueBytes"/>
        /// UTF-8 bytes, because recording an event must not fail on a long message.</summary>
        public static EventField String(byte id, string value)
        {
            return new EventField(id, EventFieldKind.String, 0, Utf8Text.EncodeTruncated(value == null ? "" : value, MaxValueBytes));
        }

        public static EventField Bytes(byte id, byte[] value)
        {
            if (value == null || value.Length > MaxValueBytes)
            {
                throw new ArgumentException("Byte field " + id.ToString() + " must be 0 to " + MaxValueBytes.ToString() + " bytes.");
            }

            return new EventField(id, EventFieldKind.Bytes, 0, (byte[])value.Clone());
        }

        internal static EventField FromWire(byte id, EventFieldKind kind, long number, byte[] bytes)
        {
            return new EventField(id, kind, number, bytes);
        }

        public int Int32Value
        {
            get { Expect(EventFieldKind.Int32); return (int)_number; }
        }

        public long Int64Value
        {
            get { Expect(EventFieldKind.Int64); return _number; }
        }

        public bool BoolValue
        {
            get { Expect(EventFieldKind.Bool); return _number != 0; }
        }

        public string StringValue
        {
            get { Expect(EventFieldKind.String); return Utf8Text.Decode(_bytes, 0, _bytes.Length); }
        }

        public byte[] BytesValue
        {
            get { Expect(EventFieldKind.Bytes); return (byte[])_bytes.Clone(); }
        }

        /// <summary>The raw value bytes of a string or bytes field (not copied; internal use only).</summary>
        internal byte[] RawBytes => _bytes;

        internal long RawNumber => _number;

        private void Expect(EventFieldKind kind)
        {
            if (Kind != kind)
            {
                throw new InvalidOperationException("Field " + Id.ToString() + " is not of the requested kind.");
            }
        }
    }
}
