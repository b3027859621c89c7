using System;

namespace EdgeSecurity.Firmware.Core.Serialization
{
    /// <summary>Little-endian writer into a growing byte array; the counterpart of <see cref="ByteReader"/>.</summary>
    public sealed class ByteWriter
    {
        private byte[] _buffer;
        private int _length;

        public ByteWriter(int initialCapacity)
        {
            _buffer = new byte[initialCapacity < 16 ? 16 : initialCapacity];
        }

        public int Length
        {
            get { return _length; }
        }

        public void WriteByte(int value)
        {
            Ensure(1);
            _buffer[_length++] = (byte)value;
        }

        public void WriteUInt16(int value)
        {
            Ensure(2);
            LittleEndian.PutUInt16(_buffer, _length, value);
            _length += 2;
        }

        public void WriteUInt32(long value)
        {
            Ensure(4);
            LittleEndian.PutUInt32(_buffer, _length, (uint)value);
            _length += 4;
        }

        public void WriteInt64(long value)
        {
            Ensure(8);
            LittleEndian.PutInt64(_buffer, _length, value);
            _length += 8;
        }

        public void WriteBytes(byte[] data)
        {
            WriteBytes(data, 0, data.Length);
        }

        public void WriteBytes(byte[] data, int offset, int count)
        {
            Ensure(count);
            Array.Copy(data, offset, _buffer, _length, count);
            _length += count;
        }

        /// <summary>The bytes written so far, in a new array of exactly that length.</summary>
        public byte[] ToArray()
        {
            byte[] result = new byte[_length];
            Array.Copy(_buffer, 0, result, 0, _length);
            return result;
        }

        private void Ensure(int extra)
        {
            if (_length + extra <= _buffer.Length)
            {
                return;
            }

            int capacity = _buffer.Length * 2;
            while (capacity < _length + extra)
            {
                capacity *= 2;
            }

            byte[] grown = new byte[capacity];
            Array.Copy(_buffer, 0, grown, 0, _length);
            _buffer = grown;
        }
    }
}
