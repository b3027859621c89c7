namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// The boot decision as a pure function of the stored state and the slot verification results
    /// (docs/boot.md, "decision table"; the idea of MCUboot's swap tables): no I/O, so it is tested over every
    /// combination. <see cref="BootManager"/> verifies lazily, asking <see cref="NextToVerify"/> which slot the
    /// decision still needs, and verifies nothing the decision does not depend on.
    /// <list type="number">
    /// <item>A pending trial (record <see cref="SlotStatus.Pending"/>, attempts left) that verifies and is the
    /// bundle installed runs, one attempt spent. Any other pending trial is abandoned and its record becomes
    /// <see cref="SlotStatus.Rejected"/>.</item>
    /// <item>Otherwise the stored confirmed slot, then the other slot, each only if its record is
    /// <see cref="SlotStatus.Confirmed"/> and it verifies as exactly the recorded bundle. The first one runs
    /// and becomes the confirmed slot. A rejected, pending or empty slot is never a fallback.</item>
    /// <item>Otherwise safe mode.</item>
    /// </list>
    /// A boot never raises the counter and never makes a record confirmed: only <see cref="BootManager.Confirm"/> does.
    /// </summary>
    public static class BootTable
    {
        /// <summary>The slot whose verification the decision needs next, or <see cref="BootSlot.None"/> when it can decide.</summary>
        public static int NextToVerify(BootState state, SlotCheck checkA, SlotCheck checkB)
        {
            int trial = RunnableTrial(state);
            if (trial != BootSlot.None)
            {
                SlotCheck check = Check(trial, checkA, checkB);
                if (check == SlotCheck.NotVerified)
                {
                    return trial;
                }

                if (check == SlotCheck.Recorded)
                {
                    return BootSlot.None;
                }
            }

            int first = FirstCandidate(state);
            for (int i = 0; i < 2; i++)
            {
                int slot = i == 0 ? first : BootSlot.Other(first);
                if (state.GetStatus(slot) != SlotStatus.Confirmed)
                {
                    continue;
                }

                SlotCheck check = Check(slot, checkA, checkB);
                if (check == SlotCheck.NotVerified)
                {
                    return slot;
                }

                if (check == SlotCheck.Recorded)
                {
                    return BootSlot.None;
                }
            }

            return BootSlot.None;
        }

        /// <summary>
        /// The decision. Every result <see cref="NextToVerify"/> asks for must be given (else
        /// <see cref="System.InvalidOperationException"/>); results it does not ask for do not change the decision.
        /// </summary>
        public static BootTransition Decide(BootState state, SlotCheck checkA, SlotCheck checkB)
        {
            if (state == null)
            {
                throw new System.ArgumentNullException("state");
            }

            BootState next = state.Copy();
            next.BootCount = state.BootCount + 1;
            next.LastRollbackReason = RollbackReason.None;
            next.LastRolledBackSlot = BootSlot.None;

            // A rollback decided by the last health check is reported by this boot, then forgotten.
            int rolledBackFrom = state.LastRollbackReason != RollbackReason.None ? state.LastRolledBackSlot : BootSlot.None;
            RollbackReason rollbackReason = state.LastRollbackReason;

            if (BootSlot.IsSlot(state.TrialSlot))
            {
                int trial = state.TrialSlot;
                RollbackReason abandon = RollbackReason.TrialVerificationFailed;
                if (state.TrialAttemptsLeft <= 0)
                {
                    abandon = RollbackReason.TrialAttemptsExhausted;
                }
                else if (state.GetStatus(trial) == SlotStatus.Pending)
                {
                    SlotCheck check = Required(trial, checkA, checkB);
                    if (check == SlotCheck.Recorded)
                    {
                        next.TrialAttemptsLeft = state.TrialAttemptsLeft - 1;
                        return Finish(next, BootAction.RunTrial, trial, BootOutcome.Trial, false, rolledBackFrom, rollbackReason);
                    }
                }

                next.TrialSlot = BootSlot.None;
                next.TrialAttemptsLeft = 0;
                if (state.GetStatus(trial) == SlotStatus.Pending)
                {
                    next.SetSlot(trial, SlotStatus.Rejected, state.GetDigest(trial));
                }

                rolledBackFrom = trial;
                rollbackReason = abandon;
            }

            int first = FirstCandidate(state);
            for (int i = 0; i < 2; i++)
            {
                int slot = i == 0 ? first : BootSlot.Other(first);
                if (state.GetStatus(slot) != SlotStatus.Confirmed || Required(slot, checkA, checkB) != SlotCheck.Recorded)
                {
                    continue;
                }

                bool fallback = BootSlot.IsSlot(state.ConfirmedSlot) && slot != state.ConfirmedSlot;
                next.ConfirmedSlot = slot;
                BootOutcome outcome = fallback ? BootOutcome.Fallback : (rolledBackFrom != BootSlot.None ? BootOutcome.RolledBack : BootOutcome.Confirmed);
                return Finish(next, BootAction.RunConfirmed, slot, outcome, fallback, rolledBackFrom, rollbackReason);
            }

            return Finish(next, BootAction.SafeMode, BootSlot.None, BootOutcome.SafeMode, false, rolledBackFrom, rollbackReason);
        }

        /// <summary>The trial slot when it may run if it verifies as its record, else <see cref="BootSlot.None"/>.</summary>
        private static int RunnableTrial(BootState state)
        {
            int trial = state.TrialSlot;
            return BootSlot.IsSlot(trial) && state.TrialAttemptsLeft > 0 && state.GetStatus(trial) == SlotStatus.Pending ? trial : BootSlot.None;
        }

        /// <summary>
        /// The slot tried first among the confirmed ones: the stored confirmed slot, or A when none is stored. The
        /// boot report lists the failures in this order too.
        /// </summary>
        internal static int FirstCandidate(BootState state)
        {
            return BootSlot.IsSlot(state.ConfirmedSlot) ? state.ConfirmedSlot : BootSlot.A;
        }

        private static SlotCheck Check(int slot, SlotCheck checkA, SlotCheck checkB)
        {
            return slot == BootSlot.A ? checkA : checkB;
        }

        private static SlotCheck Required(int slot, SlotCheck checkA, SlotCheck checkB)
        {
            SlotCheck check = Check(slot, checkA, checkB);
            if (check == SlotCheck.NotVerified)
            {
                throw new System.InvalidOperationException("The boot decision needs slot " + BootSlot.Name(slot) + " verified first.");
            }

            return check;
        }

        private static BootTransition Finish(BootState next, BootAction action, int slot, BootOutcome outcome, bool fallback, int rolledBackFrom, RollbackReason reason)
        {
            next.LastOutcome = outcome;
            return new BootTransition(action, slot, next, outcome, fallback, rolledBackFrom, reason);
        }
    }
}
