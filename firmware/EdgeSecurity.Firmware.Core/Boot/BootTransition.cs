namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>One row of <see cref="BootTable"/>: the action, the slot it runs and the state to save before anything runs.</summary>
    public sealed class BootTransition
    {
        internal BootTransition(BootAction action, int slot, BootState next, BootOutcome outcome, bool fallbackTaken, int rolledBackFrom, RollbackReason rollbackReason)
        {
            Action = action;
            Slot = slot;
            Next = next;
            Outcome = outcome;
            FallbackTaken = fallbackTaken;
            RolledBackFrom = rolledBackFrom;
            RollbackReason = rollbackReason;
        }

        public BootAction Action { get; }

        /// <summary>The slot that runs, or <see cref="BootSlot.None"/> in safe mode.</summary>
        public int Slot { get; }

        /// <summary>The state to save durably before the decision is acted on.</summary>
        public BootState Next { get; }

        public BootOutcome Outcome { get; }

        /// <summary>True when a confirmed slot other than the stored confirmed slot runs.</summary>
        public bool FallbackTaken { get; }

        /// <summary>The trial abandoned at this boot (or by the last health check), else <see cref="BootSlot.None"/>.</summary>
        public int RolledBackFrom { get; }

        public RollbackReason RollbackReason { get; }
    }
}
