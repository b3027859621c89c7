using System;

namespace EdgeSecurity.Firmware.Core.Serialization
{
    /// <summary>
    /// Little-endian reader over a byte array that checks every read against the end of its window and
    /// reports a short read as <see cref="MalformedReason.Truncated"/> naming the field.
    /// </summary>
    public sealed class ByteReader
    {
        private readonly byte[] _data;
        private readonly int _end;
        private int _position;

        public ByteReader(byte[] data)
            : this(data, 0, data == null ? 0 : data.Length)
        {
        }

        public ByteReader(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            _data = data;
            _position = offset;
            _end = offset + count;
        }

        /// <summary>Absolute index of the next byte in the underlying array.</summary>
        public int Position
        {
            get { return _position; }
        }

        public int Remaining
        {
            get { return _end - _position; }
        }

        public byte ReadByte(string field)
        {
            Require(1, field);
            return _data[_position++];
        }

        public int ReadUInt16(string field)
        {
            Require(2, field);
            int value = LittleEndian.ReadUInt16(_data, _position);
            _position += 2;
            return value;
        }

        /// <summary>Reads an unsigned 32-bit value; returned as long so callers compare bounds without overflow.</summary>
        public long ReadUInt32(string field)
        {
            Require(4, field);
            long value = LittleEndian.ReadUInt32(_data, _position);
            _position += 4;
            return value;
        }

        public long ReadInt64(string field)
        {
            Require(8, field);
            long value = LittleEndian.ReadInt64(_data, _position);
            _position += 8;
            return value;
        }

        /// <summary>Reads a byte and checks it lies in [min, max]; otherwise throws with <paramref name="reason"/>.</summary>
        public int ReadByteInRange(string field, int min, int max, MalformedReason reason)
        {
            int value = ReadByte(field);
            CheckRange(value, min, max, field, reason);
            return value;
        }

        public int ReadUInt16InRange(string field, int min, int max, MalformedReason reason)
        {
            int value = ReadUInt16(field);
            CheckRange(value, min, max, field, reason);
            return value;
        }

        public long ReadUInt32InRange(string field, long min, long max, MalformedReason reason)
        {
            long value = ReadUInt32(field);
            if (value < min || value > max)
            {
                throw new MalformedDataException(reason, field, "value " + value + " is outside [" + min + ", " + max + "]");
            }

            return value;
        }

        /// <summary>Copies the next <paramref name="count"/> bytes into a new array.</summary>
        public byte[] ReadBytes(int count, string field)
        {
            if (count < 0)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, field, "negative length");
            }

            Require(count, field);
            byte[] result = new byte[count];
            Array.Copy(_data, _position, result, 0, count);
            _position += count;
            return result;
        }

        /// <summary>Reads the magic bytes of an object and rejects anything else as <see cref="MalformedReason.BadMagic"/>.</summary>
        public void ExpectMagic(byte[] magic, string field)
        {
            Require(magic.Length, field);
            for (int i = 0; i < magic.Length; i++)
            {
                if (_data[_position + i] != magic[i])
                {
                    throw new MalformedDataException(MalformedReason.BadMagic, field, "unexpected magic bytes");
                }
            }

            _position += magic.Length;
        }

        /// <summary>Reads a 16-bit format version and rejects any other than <paramref name="supported"/>.</summary>
        public void ExpectFormatVersion(int supported, string field)
        {
            int version = ReadUInt16(field);
            if (version != supported)
            {
                throw new MalformedDataException(MalformedReason.UnsupportedVersion, field, "format version " + version + " is not supported (expected " + supported + ")");
            }
        }

        /// <summary>Rejects any byte left in the window.</summary>
        public void ExpectEnd(string field)
        {
            if (_position != _end)
            {
                throw new MalformedDataException(MalformedReason.TrailingBytes, field, (_end - _position) + " unexpected trailing bytes");
            }
        }

        private static void CheckRange(int value, int min, int max, string field, MalformedReason reason)
        {
            if (value < min || value > max)
            {
                throw new MalformedDataException(reason, field, "value " + value + " is outside [" + min + ", " + max + "]");
            }
        }

        private void Require(int count, string field)
        {
            if (count > _end - _position)
            {
                throw new MalformedDataException(MalformedReason.Truncated, field, "needs " + count + " bytes, " + (_end - _position) + " left");
            }
        }
    }
}
