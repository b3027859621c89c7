using System;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>
    /// A small record kept in two alternating files, like the boot state (docs/boot.md, "power loss"): a save
    /// writes the whole record, with a sequence one above the current one, into the file that does not hold
    /// the current record, and flushes it - one durable step. A torn save leaves a record whose CRC fails, so
    /// the other file, the previous record, is read. Layout: magic (4) · u32 sequence · u16 payload length ·
    /// payload · CRC-32 of everything before it (4).
    /// </summary>
    internal sealed class TwoCopyRecord
    {
        private const int Overhead = 4 + 4 + 2 + 4;

        private readonly IFlashStorage _storage;
        private readonly string _first;
        private readonly string _second;
        private readonly byte[] _magic;
        private readonly int _maxPayload;
        private long _sequence;

        public TwoCopyRecord(IFlashStorage storage, string first, string second, byte[] magic, int maxPayload)
        {
            if (storage == null || first == null || second == null || magic == null || magic.Length != 4)
            {
                throw new ArgumentException("storage, two file names and a 4-byte magic are required");
            }

            _storage = storage;
            _first = first;
            _second = second;
            _magic = magic;
            _maxPayload = maxPayload;
        }

        /// <summary>The payload of the newest valid copy, or null when neither copy is valid (never saved, or both damaged).</summary>
        public byte[] Load()
        {
            long firstSequence;
            long secondSequence;
            byte[] first = ReadCopy(_first, out firstSequence);
            byte[] second = ReadCopy(_second, out secondSequence);
            if (first == null && second == null)
            {
                _sequence = 0;
                return null;
            }

            if (second == null || (first != null && firstSequence > secondSequence))
            {
                _sequence = firstSequence;
                return first;
            }

            _sequence = secondSequence;
            return second;
        }

        /// <summary>Durably replaces the record with <paramref name="payload"/> (call <see cref="Load"/> once first).</summary>
        public void Save(byte[] payload)
        {
            if (payload == null || payload.Length > _maxPayload)
            {
                throw new ArgumentException("payload must be 0.." + _maxPayload.ToString() + " bytes");
            }

            long next = (_sequence + 1) & 0xFFFFFFFFL;
            var writer = new ByteWriter(Overhead + payload.Length);
            writer.WriteBytes(_magic);
            writer.WriteUInt32(next);
            writer.WriteUInt16(payload.Length);
            writer.WriteBytes(payload);
            byte[] body = writer.ToArray();
            writer.WriteUInt32(Crc32.Compute(body, 0, body.Length));
            byte[] record = writer.ToArray();
            string target = (next & 1) == 0 ? _first : _second;
            if (_storage.GetLength(target) > record.Length)
            {
                _storage.SetLength(target, record.Length);
            }

            _storage.Write(target, 0, record, 0, record.Length);
            _storage.Flush(target);
            _sequence = next;
        }

        private byte[] ReadCopy(string name, out long sequence)
        {
            sequence = 0;
            int length = _storage.GetLength(name);
            if (length < Overhead || length > Overhead + _maxPayload)
            {
                return null;
            }

            byte[] record = new byte[length];
            int done = 0;
            while (done < length)
            {
                int read = _storage.Read(name, done, record, done, length - done);
                if (read <= 0)
                {
                    return null;
                }

                done += read;
            }

            if (LittleEndian.ReadUInt32(record, length - 4) != Crc32.Compute(record, 0, length - 4))
            {
                return null;
            }

            for (int i = 0; i < _magic.Length; i++)
            {
                if (record[i] != _magic[i])
                {
                    return null;
                }
            }

            int payloadLength = LittleEndian.ReadUInt16(record, 8);
            if (payloadLength != length - Overhead)
            {
                return null;
            }

            sequence = LittleEndian.ReadUInt32(record, 4);
            byte[] payload = new byte[payloadLength];
            Array.Copy(record, 10, payload, 0, payloadLength);
            return payload;
        }
    }
}
