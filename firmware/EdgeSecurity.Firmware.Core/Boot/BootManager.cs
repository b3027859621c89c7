using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Integrity;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// Decides at every boot which slot runs (docs/boot.md, "state machine"): a pending trial first, its
    /// attempt counted durably before it runs; otherwise the confirmed slot; the other slot as fallback;
    /// safe mode when nothing verifies. Every candidate is fully verified before it may be chosen.
    /// Each boot saves the state once; <see cref="Confirm"/> and <see cref="RejectTrial"/> save once more.
    /// </summary>
    public sealed class BootManager
    {
        /// <summary>Trial boots a new bundle gets before it is rolled back (a power cut can cost one).</summary>
        public const int DefaultTrialAttempts = 3;

        private readonly BootStateStore _store;
        private readonly ISlotVerifier _verifier;
        private BootDecision _decision;

        public BootManager(BootStateStore store, ISlotVerifier verifier)
        {
            if (store == null)
            {
                throw new ArgumentNullException("store");
            }

            if (verifier == null)
            {
                throw new ArgumentNullException("verifier");
            }

            _store = store;
            _verifier = verifier;
        }

        /// <summary>The decision of this boot, or null before <see cref="Boot"/>.</summary>
        public BootDecision Decision
        {
            get { return _decision; }
        }

        /// <summary>Decides, durably records and returns what runs at this boot. Call once per boot.</summary>
        public BootDecision Boot()
        {
            if (_decision != null)
            {
                throw new InvalidOperationException("Boot() was already called for this boot.");
            }

            BootState state = _store.Current;
            BootState next = state.Copy();
            next.BootCount = state.BootCount + 1;
            ArrayList failures = new ArrayList();
            BootReport report = new BootReport();
            report.StateFound = _store.WasFound;
            // A rollback decided by the last health check is reported by this boot, then forgotten.
            report.RolledBackFrom = state.LastRollbackReason != RollbackReason.None ? state.LastRolledBackSlot : BootSlot.None;
            report.RollbackReason = state.LastRollbackReason;

            if (BootSlot.IsSlot(state.TrialSlot))
            {
                SlotVerification trial = TryTrial(state, next, failures, report);
                if (trial != null)
                {
                    return Decide(next, report, failures, trial, true, BootOutcome.Trial);
                }
            }

            int primary = BootSlot.IsSlot(state.ConfirmedSlot) ? state.ConfirmedSlot : BootSlot.A;
            SlotVerification chosen = VerifyCandidate(primary, state, failures);
            if (chosen == null && BootSlot.Other(primary) != report.RolledBackFrom)
            {
                chosen = VerifyCandidate(BootSlot.Other(primary), state, failures);
                report.FallbackTaken = chosen != null && BootSlot.IsSlot(state.ConfirmedSlot);
            }

            if (chosen == null)
            {
                return Decide(next, report, failures, null, false, BootOutcome.SafeMode);
            }

            // A verified fallback becomes the confirmed slot, so the installer never overwrites the slot that
            // runs. The counter is not raised: only a confirmation raises it.
            next.ConfirmedSlot = chosen.Slot;
            BootOutcome outcome = BootOutcome.Confirmed;
            if (report.FallbackTaken)
            {
                outcome = BootOutcome.Fallback;
            }
            else if (report.RolledBackFrom != BootSlot.None)
            {
                outcome = BootOutcome.RolledBack;
            }

            return Decide(next, report, failures, chosen, false, outcome);
        }

        /// <summary>
        /// After a successful health check of a trial boot: the trial slot becomes the confirmed slot and
        /// the stored anti-rollback counter rises to the bundle's counter, in one durable step.
        /// </summary>
        public void Confirm()
        {
            RequireTrial("Confirm");
            BootState next = _store.Current;
            next.ConfirmedSlot = _decision.Slot;
            next.TrialSlot = BootSlot.None;
            next.TrialAttemptsLeft = 0;
            if (_decision.Verified.SecurityCounter > next.ConfirmedCounter)
            {
                next.ConfirmedCounter = _decision.Verified.SecurityCounter;
            }

            next.LastOutcome = BootOutcome.Confirmed;
            next.LastRollbackReason = RollbackReason.None;
            next.LastRolledBackSlot = BootSlot.None;
            _store.Save(next);
            _decision.Report.IsTrial = false;
            _decision.Report.Outcome = BootOutcome.Confirmed;
            _decision.Report.ConfirmedCounter = next.ConfirmedCounter;
            _decision.Report.TrialAttemptsLeft = 0;
        }

        /// <summary>
        /// After a failed health check of a trial boot: abandons the trial durably; the caller reboots and the
        /// next boot runs the previous good slot and reports the rollback.
        /// </summary>
        public void RejectTrial()
        {
            RequireTrial("RejectTrial");
            BootState next = _store.Current;
            next.TrialSlot = BootSlot.None;
            next.TrialAttemptsLeft = 0;
            next.LastOutcome = BootOutcome.RolledBack;
            next.LastRollbackReason = RollbackReason.HealthCheckFailed;
            next.LastRolledBackSlot = _decision.Slot;
            _store.Save(next);
        }

        private SlotVerification TryTrial(BootState state, BootState next, ArrayList failures, BootReport report)
        {
            int trialSlot = state.TrialSlot;
            next.TrialSlot = BootSlot.None;
            next.TrialAttemptsLeft = 0;
            RollbackReason reason = RollbackReason.TrialAttemptsExhausted;
            if (state.TrialAttemptsLeft <= 0)
            {
                failures.Add(SlotVerification.Failed(trialSlot, SlotFailure.TrialAttemptsExhausted, string.Empty, "trial started without being confirmed"));
            }
            else
            {
                SlotVerification trial = _verifier.Verify(trialSlot, state.ConfirmedCounter);
                if (trial.IsValid)
                {
                    next.TrialSlot = trialSlot;
                    next.TrialAttemptsLeft = state.TrialAttemptsLeft - 1;
                    return trial;
                }

                reason = RollbackReason.TrialVerificationFailed;
                failures.Add(trial);
            }

            report.RolledBackFrom = trialSlot;
            report.RollbackReason = reason;
            return null;
        }

        private SlotVerification VerifyCandidate(int slot, BootState state, ArrayList failures)
        {
            SlotVerification result = _verifier.Verify(slot, state.ConfirmedCounter);
            if (result.IsValid)
            {
                return result;
            }

            failures.Add(result);
            return null;
        }

        private BootDecision Decide(BootState next, BootReport report, ArrayList failures, SlotVerification chosen, bool trial, BootOutcome outcome)
        {
            next.LastOutcome = outcome;
            next.LastRollbackReason = RollbackReason.None;
            next.LastRolledBackSlot = BootSlot.None;
            _store.Save(next);
            report.Outcome = outcome;
            report.Slot = chosen == null ? BootSlot.None : chosen.Slot;
            report.IsTrial = trial;
            report.Version = chosen == null ? string.Empty : chosen.Version;
            report.BundleCounter = chosen == null ? -1 : chosen.SecurityCounter;
            report.ConfirmedCounter = next.ConfirmedCounter;
            report.BootCount = next.BootCount;
            report.TrialAttemptsLeft = next.TrialAttemptsLeft;
            report.Containment = next.Containment;
            report.Failures = (SlotVerification[])failures.ToArray(typeof(SlotVerification));
            if (chosen == null)
            {
                report.Mode = BootMode.SafeMode;
            }
            else
            {
                report.Mode = next.Containment == ContainmentState.Contained ? BootMode.Contained : BootMode.Run;
            }

            _decision = new BootDecision(report, chosen);
            return _decision;
        }

        private void RequireTrial(string operation)
        {
            if (_decision == null || !_decision.IsTrial)
            {
                throw new InvalidOperationException(operation + " needs a trial boot; this boot is " + (_decision == null ? "not decided yet" : "not a trial") + ".");
            }
        }
    }
}
