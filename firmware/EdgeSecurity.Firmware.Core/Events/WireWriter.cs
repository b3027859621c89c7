using System;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>Writes little-endian values into a growing buffer (no Array.Resize on nanoFramework).</summary>
    internal sealed class WireWriter
    {
        private byte[] _buffer;

        public WireWriter(int initialCapacity)
        {
            _buffer = new byte[initialCapacity < 16 ? 16 : initialCapacity];
        }

        public int Length { get; private set; }

        public void WriteByte(int value)
        {
            Ensure(1);
            _buffer[Length++] = (byte)value;
        }

        public void WriteUInt16(int value)
        {
            Ensure(2);
            _buffer[Length] = (byte)value;
            _buffer[Length + 1] = (byte)(value >> 8);
            Length += 2;
        }

        public void WriteUInt32(uint value)
        {
            Ensure(4);
            _buffer[Length] = (byte)value;
            _buffer[Length + 1] = (byte)(value >> 8);
            _buffer[Length + 2] = (byte)(value >> 16);
            _buffer[Length + 3] = (byte)(value >> 24);
            Length += 4;
        }

        public void WriteInt64(long value)
        {
            WriteUInt32((uint)value);
            WriteUInt32((uint)(value >> 32));
        }

        public void WriteBytes(byte[] data)
        {
            WriteBytes(data, 0, data.Length);
        }

        public void WriteBytes(byte[] data, int offset, int count)
        {
            Ensure(count);
            Array.Copy(data, offset, _buffer, Length, count);
            Length += count;
        }

        public byte[] ToArray()
        {
            var result = new byte[Length];
            Array.Copy(_buffer, 0, result, 0, Length);
            return result;
        }

        private void Ensure(int count)
        {
            if (Length + count <= _buffer.Length)
            {
                return;
            }

            int size = _buffer.Length * 2;
            while (size < Length + count)
            {
                size *= 2;
            }

            var bigger = new byte[size];
            Array.Copy(_buffer, 0, bigger, 0, Length);
            _buffer = bigger;
        }
    }
}
