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

        public BootState Copy()
        {
            BootState copy = new BootState();
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
