namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>Reads big-endian values from a bounded slice of untrusted bytes; running past the end is a
    /// <see cref="EventFormatError.Truncated"/> format error, never an index exception.</summary>
    internal sealed class WireReader
    {
        private readonly byte[] _data;
        private readonly int _end;

        public WireReader(byte[] data, int offset, int count)
        {
            _data = data;
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
            int value = (_data[Position] << 8) | _data[Position + 1];
            Position += 2;
            return value;
        }

        public uint ReadUInt32()
        {
            Require(4);
            uint value = ((uint)_data[Position] << 24) | ((uint)_data[Position + 1] << 16) | ((uint)_data[Position + 2] << 8) | _data[Position + 3];
            Position += 4;
            return value;
        }

        public long ReadInt64()
        {
            long high = ReadUInt32();
            long low = ReadUInt32();
            return (high << 32) | low;
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
                throw new EventFormatException(EventFormatError.TrailingBytes, (_end - Position).ToString() + " bytes after the end");
            }
        }

        private void Require(int count)
        {
            if (count < 0 || _end - Position < count)
            {
                throw new EventFormatException(EventFormatError.Truncated, "needs " + count.ToString() + " more bytes at offset " + Position.ToString());
            }
        }
    }
}
