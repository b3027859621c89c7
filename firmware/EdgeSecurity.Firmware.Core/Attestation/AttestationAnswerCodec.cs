using System;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Attestation
{
    /// <summary>
    /// The device's answer on the command-result leaf (docs/formats/attestation.md §2): fixed field order,
    /// little-endian, then HMAC-SHA256 under the device's event key of the epoch it names, over a 40-byte label
    /// and every byte before the MAC. The label keeps an answer's MAC from ever being a record MAC (whose input
    /// has the record version, 1 or 2, at offset 32: here a label character), an ack MAC (32-byte input) or a
    /// completeness or OTA MAC (other labels), and the other way round.
    /// </summary>
    public static class AttestationAnswerCodec
    {
        public const int FormatVersion = 1;

        /// <summary>The result type of an attestation answer on the command-result leaf.</summary>
        public const int AnswerResult = 1;

        public const int MacBytes = 32;

        /// <summary>Bytes after the device id, before the MAC.</summary>
        public const int EvidenceBytes = 97;

        /// <summary>Device ids are one topic level of at most 63 characters (docs/formats/topics.md).</summary>
        public const int MaxDeviceIdLength = 63;

        /// <summary>The domain-separation label (40 ASCII bytes) the MAC input starts with.</summary>
        public const string Label = "ES-ATT-V1 posture attestation answer MAC";

        public const int MinMessageBytes = 21 + 1 + EvidenceBytes + MacBytes;

        public const int MaxMessageBytes = 21 + MaxDeviceIdLength + EvidenceBytes + MacBytes;

        private const string Field = "attestation.answer";

        /// <summary>The answer's bytes with its MAC under <paramref name="eventKey"/> (the key of the answer's epoch).</summary>
        public static byte[] Encode(IMacPrimitive mac, byte[] eventKey, AttestationAnswer answer)
        {
            if (mac == null || eventKey == null || answer == null)
            {
                throw new ArgumentNullException("mac, eventKey and answer are required");
            }

            AsciiText.Validate(answer.DeviceId, 1, MaxDeviceIdLength, AsciiCharacterSet.LowerIdentifier, "deviceId");
            AttestationEvidence e = answer.Evidence;
            CheckRange(e.BootCount, 0, 4294967295L, "BootCount");
            CheckRange(e.BootMode, 1, 3, "BootMode");
            CheckRange(e.RunningSlot, 0, 2, "RunningSlot");
            CheckRange(e.BundleCounter, -1, long.MaxValue, "BundleCounter");
            CheckRange(e.ConfirmedCounter, 0, long.MaxValue, "ConfirmedCounter");
            CheckRange(e.Containment, 0, 2, "Containment");
            CheckRange(e.IntegrityResult, 0, 2, "IntegrityResult");
            CheckRange(e.IntegrityCheckedAtUptimeMs, -1, long.MaxValue, "IntegrityCheckedAtUptimeMs");
            CheckRange(e.JournalHeadSequence, 0, long.MaxValue, "JournalHeadSequence");
            CheckRange(e.UptimeMs, 0, long.MaxValue, "UptimeMs");

            ByteWriter writer = new ByteWriter(MaxMessageBytes);
            writer.WriteByte(FormatVersion);
            writer.WriteByte(AnswerResult);
            writer.WriteBytes(answer.Nonce);
            writer.WriteUInt16(answer.KeyEpoch);
            writer.WriteByte(answer.DeviceId.Length);
            AsciiText.Write(writer, answer.DeviceId);
            writer.WriteUInt32(e.BootCount);
            writer.WriteByte(e.BootMode);
            writer.WriteByte(e.RunningSlot);
            writer.WriteByte(e.IsTrial ? 1 : 0);
            writer.WriteBytes(e.BundleDigest);
            writer.WriteInt64(e.BundleCounter);
            writer.WriteInt64(e.ConfirmedCounter);
            writer.WriteByte(e.Containment);
            writer.WriteByte(e.IntegrityResult);
            writer.WriteInt64(e.IntegrityCheckedAtUptimeMs);
            writer.WriteInt64(e.JournalHeadSequence);
            writer.WriteBytes(e.JournalHeadMac);
            writer.WriteInt64(e.UptimeMs);
            byte[] body = writer.ToArray();
            writer.WriteBytes(ComputeMac(mac, eventKey, body, body.Length));
            return writer.ToArray();
        }

        /// <summary>
        /// Parses an answer's structure without checking its MAC (the key depends on the epoch it names: check
        /// it next with <see cref="IsAuthentic"/>). Anything malformed is a <see cref="MalformedDataException"/>.
        /// </summary>
        public static AttestationAnswer Decode(byte[] message)
        {
            if (message == null)
            {
                throw new ArgumentNullException("message");
            }

            if (message.Length < MinMessageBytes || message.Length > MaxMessageBytes)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, Field, "is " + message.Length.ToString() + " bytes, must be " + MinMessageBytes.ToString() + " to " + MaxMessageBytes.ToString());
            }

            ByteReader reader = new ByteReader(message, 0, message.Length - MacBytes);
            reader.ReadByteInRange(Field + ".version", FormatVersion, FormatVersion, MalformedReason.UnsupportedVersion);
            reader.ReadByteInRange(Field + ".type", AnswerResult, AnswerResult, MalformedReason.ValueOutOfRange);
            byte[] nonce = reader.ReadBytes(AttestationChallengeCodec.NonceBytes, Field + ".nonce");
            int epoch = reader.ReadUInt16(Field + ".keyEpoch");
            int idLength = reader.ReadByteInRange(Field + ".deviceId.length", 1, MaxDeviceIdLength, MalformedReason.LengthOutOfRange);
            if (reader.Remaining != idLength + EvidenceBytes)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, Field + ".deviceId.length", "does not match the message length");
            }

            string deviceId = AsciiText.Read(reader, idLength, AsciiCharacterSet.LowerIdentifier, Field + ".deviceId");
            AttestationEvidence e = new AttestationEvidence();
            e.BootCount = reader.ReadUInt32(Field + ".bootCount");
            e.BootMode = reader.ReadByteInRange(Field + ".bootMode", 1, 3, MalformedReason.ValueOutOfRange);
            e.RunningSlot = reader.ReadByteInRange(Field + ".runningSlot", 0, 2, MalformedReason.ValueOutOfRange);
            e.IsTrial = reader.ReadByteInRange(Field + ".trial", 0, 1, MalformedReason.ValueOutOfRange) == 1;
            e.BundleDigest = reader.ReadBytes(AttestationEvidence.BundleDigestBytes, Field + ".bundleDigest");
            e.BundleCounter = ReadInt64InRange(reader, -1, Field + ".bundleCounter");
            e.ConfirmedCounter = ReadInt64InRange(reader, 0, Field + ".confirmedCounter");
            e.Containment = reader.ReadByteInRange(Field + ".containment", 0, 2, MalformedReason.ValueOutOfRange);
            e.IntegrityResult = reader.ReadByteInRange(Field + ".integrity", 0, 2, MalformedReason.ValueOutOfRange);
            e.IntegrityCheckedAtUptimeMs = ReadInt64InRange(reader, -1, Field + ".integrityCheckedAt");
            e.JournalHeadSequence = ReadInt64InRange(reader, 0, Field + ".journalHeadSequence");
            e.JournalHeadMac = reader.ReadBytes(AttestationEvidence.HeadMacBytes, Field + ".journalHeadMac");
            e.UptimeMs = ReadInt64InRange(reader, 0, Field + ".uptime");
            reader.ExpectEnd(Field);
            return new AttestationAnswer(nonce, deviceId, epoch, e);
        }

        /// <summary>True when the trailing MAC of <paramref name="message"/> verifies under <paramref name="eventKey"/> (constant time).</summary>
        public static bool IsAuthentic(IMacPrimitive mac, byte[] eventKey, byte[] message)
        {
            if (mac == null || eventKey == null || message == null)
            {
                throw new ArgumentNullException("mac, eventKey and message are required");
            }

            if (message.Length < MinMessageBytes)
            {
                return false;
            }

            int bodyLength = message.Length - MacBytes;
            return ConstantTime.AreEqual(ComputeMac(mac, eventKey, message, bodyLength), 0, message, bodyLength, MacBytes);
        }

        private static byte[] ComputeMac(IMacPrimitive mac, byte[] key, byte[] body, int bodyLength)
        {
            ByteWriter input = new ByteWriter(Label.Length + bodyLength);
            AsciiText.Write(input, Label);
            input.WriteBytes(body, 0, bodyLength);
            return mac.HmacSha256(key, input.ToArray());
        }

        private static long ReadInt64InRange(ByteReader reader, long min, string field)
        {
            long value = reader.ReadInt64(field);
            if (value < min)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field, "value " + value.ToString() + " is below " + min.ToString());
            }

            return value;
        }

        private static void CheckRange(long value, long min, long max, string name)
        {
            if (value < min || value > max)
            {
                throw new ArgumentOutOfRangeException(name);
            }
        }
    }
}
