using System;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>
    /// Encodes and decodes the host's acknowledgement (docs/formats/events.md §6). The ack is MACed with the
    /// device event key because it makes the device delete records: a forged one must not.
    /// </summary>
    public static class EventAckCodec
    {
        private const string Field = "event.ack";

        public const byte FormatVersion = 1;
        public const int MessageBytes = BodyBytes + EventChain.MacBytes;
        private const int BodyBytes = 19;
        private static readonly byte[] Domain = Utf8Text.Encode("ES-EVT-ACK-V1");

        public static byte[] Encode(IMacPrimitive mac, byte[] deviceEventKey, EventAck ack)
        {
            if (mac == null || deviceEventKey == null || ack == null)
            {
                throw new ArgumentNullException("mac, deviceEventKey and ack are required");
            }

            if (ack.AckedThrough < 0 || (int)ack.Status < 0 || (int)ack.Status > (int)AckStatus.Gap)
            {
                throw new ArgumentException("Acked-through cannot be negative; status must be Stored, Busy or Gap.");
            }

            var writer = new ByteWriter(MessageBytes);
            writer.WriteByte(FormatVersion);
            writer.WriteByte((int)ack.Status);
            writer.WriteUInt32(ack.BatchId);
            writer.WriteInt64(ack.AckedThrough);
            writer.WriteUInt32(ack.RetryAfterMs);
            writer.WriteByte(0);
            byte[] body = writer.ToArray();
            writer.WriteBytes(Authenticator(mac, deviceEventKey, body));
            return writer.ToArray();
        }

        /// <summary>Parses and authenticates an ack; malformed or unauthentic input is an <see cref="EventFormatException"/>.</summary>
        public static EventAck Decode(IMacPrimitive mac, byte[] deviceEventKey, byte[] data)
        {
            if (mac == null || deviceEventKey == null || data == null)
            {
                throw new ArgumentNullException("mac, deviceEventKey and data are required");
            }

            var reader = new WireReader(data, 0, data.Length, Field);
            int version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new EventFormatException(EventFormatError.UnsupportedVersion, Field, "ack version " + version.ToString());
            }

            int status = reader.ReadByte();
            if (status > (int)AckStatus.Gap)
            {
                throw new EventFormatException(EventFormatError.InvalidStatus, Field, "status " + status.ToString());
            }

            uint batchId = reader.ReadUInt32();
            long ackedThrough = reader.ReadInt64();
            if (ackedThrough < 0)
            {
                throw new EventFormatException(EventFormatError.InvalidSequence, Field, "negative acked-through");
            }

            uint retryAfter = reader.ReadUInt32();
            if (reader.ReadByte() != 0)
            {
                throw new EventFormatException(EventFormatError.ReservedBitsSet, Field, "ack reserved byte");
            }

            byte[] tag = reader.ReadBytes(EventChain.MacBytes);
            reader.ExpectEnd();
            var body = new byte[BodyBytes];
            Array.Copy(data, 0, body, 0, BodyBytes);
            if (!ConstantTime.AreEqual(tag, Authenticator(mac, deviceEventKey, body)))
            {
                throw new EventFormatException(EventFormatError.BadAuthenticator, Field, "ack MAC does not verify");
            }

            return new EventAck((AckStatus)status, batchId, ackedThrough, retryAfter);
        }

        private static byte[] Authenticator(IMacPrimitive mac, byte[] key, byte[] body)
        {
            var input = new byte[Domain.Length + body.Length];
            Array.Copy(Domain, 0, input, 0, Domain.Length);
            Array.Copy(body, 0, input, Domain.Length, body.Length);
            return mac.HmacSha256(key, input);
        }
    }
}
