using EdgeSecurity.Firmware.Core.Integrity;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// What the device remembers between boots. Stored by <see cref="BootStateStore"/>; every change is
    /// made on a copy and saved in one durable step.
    /// </summary>
    public sealed class BootState
    {
        /// <summary>Maximum trial attempts a state can hold (one byte on flash).</summary>
        public const int MaxTrialAttempts = 255;

        private SlotStatus _statusA;
        private SlotStatus _statusB;
        private byte[] _digestA = new byte[ManifestDigest.Length];
        private byte[] _digestB = new byte[ManifestDigest.Length];

        /// <summary>Save counter; the valid copy with the higher sequence is the current state.</summary>
        public uint Sequence { get; set; }

        /// <summary>The slot holding the last confirmed bundle (<see cref="BootSlot.None"/> on a blank device).</summary>
        public int ConfirmedSlot { get; set; }

        /// <summary>A fully installed, verified bundle waiting to be tried, or <see cref="BootSlot.None"/>.</summary>
        public int TrialSlot { get; set; }

        /// <summary>Boots the trial slot may still start; decremented durably before each trial boot.</summary>
        public int TrialAttemptsLeft { get; set; }

        /// <summary>Anti-rollback counter of the last confirmed bundle; never decreases.</summary>
        public long ConfirmedCounter { get; set; }

        /// <summary>Boots decided so far (events carry it).</summary>
        public long BootCount { get; set; }

        public BootOutcome LastOutcome { get; set; }

        /// <summary>Why the last trial was abandoned, reported by the boot after a health-check rollback.</summary>
        public RollbackReason LastRollbackReason { get; set; }

        /// <summary>The trial slot abandoned last, with <see cref="LastRollbackReason"/>.</summary>
        public int LastRolledBackSlot { get; set; }

        public ContainmentState Containment { get; set; }

        /// <summary>Why containment was entered (an <see cref="IntegrityFindingKind"/> value), 0 when not contained.</summary>
        public int ContainmentReason { get; set; }

        /// <summary>What the state vouches for about <paramref name="slot"/> (<see cref="SlotStatus.Empty"/> for no slot).</summary>
        public SlotStatus GetStatus(int slot)
        {
            if (slot == BootSlot.A)
            {
                return _statusA;
            }

            return slot == BootSlot.B ? _statusB : SlotStatus.Empty;
        }

        /// <summary>A copy of the <see cref="ManifestDigest"/> the slot's record is bound to (zeros when empty).</summary>
        public byte[] GetDigest(int slot)
        {
            byte[] digest = new byte[ManifestDigest.Length];
            if (BootSlot.IsSlot(slot))
            {
                System.Array.Copy(slot == BootSlot.A ? _digestA : _digestB, digest, ManifestDigest.Length);
            }

            return digest;
        }

        /// <summary>Sets the slot's record; <paramref name="digest"/> null (or status Empty) stores zeros.</summary>
        public void SetSlot(int slot, SlotStatus status, byte[] digest)
        {
            if (!BootSlot.IsSlot(slot))
            {
                throw new System.ArgumentOutOfRangeException("slot");
            }

            if (digest != null && digest.Length != ManifestDigest.Length)
            {
                throw new System.ArgumentException("A slot digest is " + ManifestDigest.Length.ToString() + " bytes.", "digest");
            }

            byte[] stored = new byte[ManifestDigest.Length];
            if (digest != null && status != SlotStatus.Empty)
            {
                System.Array.Copy(digest, stored, ManifestDigest.Length);
            }

            if (slot == BootSlot.A)
            {
                _statusA = status;
                _digestA = stored;
            }
            else
            {
                _statusB = status;
                _digestB = stored;
            }
        }

        public BootState Copy()
        {
            BootState copy = new BootState();
            copy.SetSlot(BootSlot.A, _statusA, _digestA);
            copy.SetSlot(BootSlot.B, _statusB, _digestB);
            copy.Sequence = Sequence;
            copy.ConfirmedSlot = ConfirmedSlot;
            copy.TrialSlot = TrialSlot;
            copy.TrialAttemptsLeft = TrialAttemptsLeft;
            copy.ConfirmedCounter = ConfirmedCounter;
            copy.BootCount = BootCount;
            copy.LastOutcome = LastOutcome;
            copy.LastRollbackReason = LastRollbackReason;
            copy.LastRolledBackSlot = LastRolledBackSlot;
            copy.Containment = Containment;
            copy.ContainmentReason = ContainmentReason;
            return copy;
        }
    }
}
