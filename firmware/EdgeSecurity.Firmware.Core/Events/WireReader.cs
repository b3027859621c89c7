using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>Reads little-endian values from a bounded slice of untrusted bytes; running past the end is a
    /// <see cref="EventFormatError.Truncated"/> format error, never an index exception. It is not
    /// <see cref="ByteReader"/> because the event formats report their finer <see cref="EventFormatError"/>
    /// (an <see cref="EventFormatException"/>) and name one field per reader; the byte layout is shared.</summary>
    internal sealed class WireReader
    {
        private readonly byte[] _data;
        private readonly int _end;
        private readonly string _field;

        public WireReader(byte[] data, int offset, int count, string field)
        {
            _data = data;
            _field = field;
            Position = offset;
            _end = offset + count;
        }

        public int Position { get; private set; }

        public int Remaining => _end - Position;

        public byte ReadByte()
        {
            Require(1);
            return _data[Position++];
        }

        public int ReadUInt16()
        {
            Require(2);
            int value = LittleEndian.ReadUInt16(_data, Position);
            Position += 2;
            return value;
        }

        public uint ReadUInt32()
        {
            Require(4);
            uint value = LittleEndian.ReadUInt32(_data, Position);
            Position += 4;
            return value;
        }

        public long ReadInt64()
        {
            Require(8);
            long value = LittleEndian.ReadInt64(_data, Position);
            Position += 8;
            return value;
        }

        public byte[] ReadBytes(int count)
        {
            Require(count);
            var result = new byte[count];
            System.Array.Copy(_data, Position, result, 0, count);
            Position += count;
            return result;
        }

        public void ExpectEnd()
        {
            if (Position != _end)
            {
                throw new EventFormatException(EventFormatError.TrailingBytes, _field, (_end - Position).ToString() + " bytes after the end");
            }
        }

        private void Require(int count)
        {
            if (count < 0 || _end - Position < count)
            {
                throw new EventFormatException(EventFormatError.Truncated, _field, "needs " + count.ToString() + " more bytes at offset " + Position.ToString());
            }
        }
    }
}
