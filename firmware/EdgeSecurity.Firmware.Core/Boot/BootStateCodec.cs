using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// The boot state's 36-byte record: "ESBS", format 1, slots, attempts, outcome, containment, last rollback,
    /// sequence, confirmed counter, boot count (little-endian), CRC-32 of the first 32 bytes.
    /// </summary>
    internal static class BootStateCodec
    {
        public const int RecordLength = 36;
        private const int CrcOffset = 32;
        private const byte FormatVersion = 1;

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
            LittleEndian.PutUInt32(record, CrcOffset, Crc32.Compute(record, 0, CrcOffset));
            return record;
        }

        /// <summary>The state in <paramref name="record"/>, or null when it is torn, corrupt or of another format.</summary>
        public static BootState TryDecode(byte[] record, int length)
        {
            if (length != RecordLength || record[0] != 'E' || record[1] != 'S' || record[2] != 'B' || record[3] != 'S' || record[4] != FormatVersion)
            {
                return null;
            }

            if (LittleEndian.ReadUInt32(record, CrcOffset) != Crc32.Compute(record, 0, CrcOffset))
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
            if (!IsPlausible(state))
            {
                return null;
            }

            return state;
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
