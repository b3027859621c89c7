using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// The boot state's record (docs/boot.md, "boot state record"). Format 2, 72 bytes: "ESBS", format, slots,
    /// attempts, outcome, containment, last rollback, sequence, confirmed counter, boot count, then the two
    /// slot records (status bytes, 2 reserved, 16-byte manifest digests), CRC-32 of the first 68 bytes;
    /// little-endian. Format 1 (36 bytes, no slot records) is still read: <see cref="BootStateStore"/> migrates it.
    /// </summary>
    internal static class BootStateCodec
    {
        public const int RecordLength = 72;
        public const int Format1RecordLength = 36;
        public const byte FormatVersion = 2;
        public const byte Format1 = 1;
        private const int CrcOffset = 68;
        private const int Format1CrcOffset = 32;
        private const int StatusAOffset = 32;
        private const int DigestAOffset = 36;
        private const int DigestBOffset = DigestAOffset + ManifestDigest.Length;

        public static byte[] Encode(BootState state)
        {
            byte[] record = new byte[RecordLength];
            record[0] = (byte)'E';
            record[1] = (byte)'S';
            record[2] = (byte)'B';
            record[3] = (byte)'S';
            record[4] = FormatVersion;
            record[5] = (byte)state.ConfirmedSlot;
            record[6] = (byte)state.TrialSlot;
            record[7] = (byte)state.TrialAttemptsLeft;
            record[8] = (byte)state.LastOutcome;
            record[9] = (byte)state.Containment;
            record[10] = (byte)state.ContainmentReason;
            record[11] = (byte)(((int)state.LastRollbackReason << 4) | state.LastRolledBackSlot);
            LittleEndian.PutUInt32(record, 12, state.Sequence);
            LittleEndian.PutInt64(record, 16, state.ConfirmedCounter);
            LittleEndian.PutInt64(record, 24, state.BootCount);
            record[StatusAOffset] = (byte)state.GetStatus(BootSlot.A);
            record[StatusAOffset + 1] = (byte)state.GetStatus(BootSlot.B);
            System.Array.Copy(state.GetDigest(BootSlot.A), 0, record, DigestAOffset, ManifestDigest.Length);
            System.Array.Copy(state.GetDigest(BootSlot.B), 0, record, DigestBOffset, ManifestDigest.Length);
            LittleEndian.PutUInt32(record, CrcOffset, Crc32.Compute(record, 0, CrcOffset));
            return record;
        }

        /// <summary>
        /// The state in <paramref name="record"/>, or null when it is torn, corrupt or of an unknown format.
        /// <paramref name="format"/> tells which format was read: a format-1 state has no slot records yet.
        /// </summary>
        public static BootState TryDecode(byte[] record, int length, out int format)
        {
            format = 0;
            if (length < 5 || record[0] != 'E' || record[1] != 'S' || record[2] != 'B' || record[3] != 'S')
            {
                return null;
            }

            int crcOffset;
            if (record[4] == FormatVersion && length == RecordLength)
            {
                crcOffset = CrcOffset;
            }
            else if (record[4] == Format1 && length == Format1RecordLength)
            {
                crcOffset = Format1CrcOffset;
            }
            else
            {
                return null;
            }

            if (LittleEndian.ReadUInt32(record, crcOffset) != Crc32.Compute(record, 0, crcOffset))
            {
                return null;
            }

            BootState state = new BootState();
            state.ConfirmedSlot = record[5];
            state.TrialSlot = record[6];
            state.TrialAttemptsLeft = record[7];
            state.LastOutcome = (BootOutcome)record[8];
            state.Containment = (ContainmentState)record[9];
            state.ContainmentReason = record[10];
            state.LastRollbackReason = (RollbackReason)(record[11] >> 4);
            state.LastRolledBackSlot = record[11] & 0x0F;
            state.Sequence = LittleEndian.ReadUInt32(record, 12);
            state.ConfirmedCounter = LittleEndian.ReadInt64(record, 16);
            state.BootCount = LittleEndian.ReadInt64(record, 24);
            if (record[4] == FormatVersion)
            {
                if (record[StatusAOffset] > (byte)SlotStatus.Rejected || record[StatusAOffset + 1] > (byte)SlotStatus.Rejected
                    || record[StatusAOffset + 2] != 0 || record[StatusAOffset + 3] != 0)
                {
                    return null;
                }

                state.SetSlot(BootSlot.A, (SlotStatus)record[StatusAOffset], Slice(record, DigestAOffset));
                state.SetSlot(BootSlot.B, (SlotStatus)record[StatusAOffset + 1], Slice(record, DigestBOffset));
            }

            if (!IsPlausible(state))
            {
                return null;
            }

            format = record[4];
            return state;
        }

        private static byte[] Slice(byte[] record, int offset)
        {
            byte[] digest = new byte[ManifestDigest.Length];
            System.Array.Copy(record, offset, digest, 0, ManifestDigest.Length);
            return digest;
        }

        private static bool IsPlausible(BootState state)
        {
            bool slotsValid = (state.ConfirmedSlot == BootSlot.None || BootSlot.IsSlot(state.ConfirmedSlot))
                && (state.TrialSlot == BootSlot.None || BootSlot.IsSlot(state.TrialSlot))
                && (state.LastRolledBackSlot == BootSlot.None || BootSlot.IsSlot(state.LastRolledBackSlot))
                && (state.TrialSlot == BootSlot.None || state.TrialSlot != state.ConfirmedSlot);
            return slotsValid && state.ConfirmedCounter >= 0 && state.BootCount >= 0 && (int)state.Containment <= (int)ContainmentState.Contained;
        }
    }
}
