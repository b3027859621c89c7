using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Integrity;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// Decides at every boot which slot runs (docs/boot.md, "state machine"): it verifies the slots
    /// <see cref="BootTable"/> asks for, takes the table's decision, saves the table's next state in one
    /// durable step before anything runs, and reports. <see cref="Confirm"/> or <see cref="RejectTrial"/>
    /// resolves a trial boot once, in one more save.
    /// </summary>
    public sealed class BootManager
    {
        /// <summary>Trial boots a new bundle gets before it is rolled back (a power cut can cost one).</summary>
        public const int DefaultTrialAttempts = 3;

        private readonly BootStateStore _store;
        private readonly ISlotVerifier _verifier;
        private BootDecision _decision;
        private bool _trialOpen;
        private string _trialResolution = string.Empty;

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

        /// <summary>True on a trial boot until <see cref="Confirm"/> or <see cref="RejectTrial"/> resolved it.</summary>
        public bool IsTrialOpen
        {
            get { return _trialOpen; }
        }

        /// <summary>Decides, durably records and returns what runs at this boot. Call once per boot.</summary>
        public BootDecision Boot()
        {
            if (_decision != null)
            {
                throw new InvalidOperationException("Boot() was already called for this boot.");
            }

            BootState state = _store.Current;
            // Read before this boot's save, which always leaves a valid copy behind.
            bool stateFound = _store.WasFound;
            SlotVerification[] results = new SlotVerification[3];
            SlotCheck checkA = SlotCheck.NotVerified;
            SlotCheck checkB = SlotCheck.NotVerified;
            int slot;
            while ((slot = BootTable.NextToVerify(state, checkA, checkB)) != BootSlot.None)
            {
                SlotVerification result = _verifier.Verify(slot, state.ConfirmedCounter);
                results[slot] = result;
                SlotCheck check = Classify(state, slot, result);
                if (slot == BootSlot.A)
                {
                    checkA = check;
                }
                else
                {
                    checkB = check;
                }
            }

            BootTransition transition = BootTable.Decide(state, checkA, checkB);
            _store.Save(transition.Next);

            BootReport report = new BootReport();
            report.StateFound = stateFound;
            report.Outcome = transition.Outcome;
            report.Slot = transition.Slot;
            report.IsTrial = transition.Action == BootAction.RunTrial;
            report.FallbackTaken = transition.FallbackTaken;
            report.RolledBackFrom = transition.RolledBackFrom;
            report.RollbackReason = transition.RollbackReason;
            report.ConfirmedCounter = transition.Next.ConfirmedCounter;
            report.BootCount = transition.Next.BootCount;
            report.TrialAttemptsLeft = transition.Next.TrialAttemptsLeft;
            report.Containment = transition.Next.Containment;
            report.Failures = Failures(state, transition, results);
            SlotVerification chosen = null;
            if (transition.Action == BootAction.SafeMode)
            {
                report.Mode = BootMode.SafeMode;
            }
            else
            {
                chosen = results[transition.Slot];
                report.Version = chosen.Version;
                report.BundleCounter = chosen.SecurityCounter;
                report.Mode = transition.Next.Containment == ContainmentState.Contained ? BootMode.Contained : BootMode.Run;
            }

            _decision = new BootDecision(report, chosen);
            _trialOpen = report.IsTrial;
            return _decision;
        }

        /// <summary>
        /// After a successful health check of a trial boot: the trial slot's record becomes confirmed, it
        /// becomes the confirmed slot and the stored anti-rollback counter rises to the bundle's counter, in
        /// one durable step. Refused unless this boot is a trial not yet confirmed or rejected.
        /// </summary>
        public void Confirm()
        {
            RequireOpenTrial("Confirm");
            BootState next = _store.Current;
            int slot = _decision.Slot;
            next.SetSlot(slot, SlotStatus.Confirmed, ManifestDigest.Of(_decision.Verified.SignedManifestBytes));
            next.ConfirmedSlot = slot;
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
            _trialOpen = false;
            _trialResolution = "confirmed";
            _decision.Report.IsTrial = false;
            _decision.Report.Outcome = BootOutcome.Confirmed;
            _decision.Report.ConfirmedCounter = next.ConfirmedCounter;
            _decision.Report.TrialAttemptsLeft = 0;
        }

        /// <summary>
        /// After a failed health check of a trial boot: the trial slot's record becomes rejected and the
        /// trial is abandoned, in one durable step; the caller reboots and the next boot runs the confirmed
        /// slot and reports the rollback. The bundle runs again only if it is installed again (a new trial).
        /// </summary>
        public void RejectTrial()
        {
            RequireOpenTrial("RejectTrial");
            BootState next = _store.Current;
            int slot = _decision.Slot;
            next.SetSlot(slot, SlotStatus.Rejected, ManifestDigest.Of(_decision.Verified.SignedManifestBytes));
            next.TrialSlot = BootSlot.None;
            next.TrialAttemptsLeft = 0;
            next.LastOutcome = BootOutcome.RolledBack;
            next.LastRollbackReason = RollbackReason.HealthCheckFailed;
            next.LastRolledBackSlot = slot;
            _store.Save(next);
            _trialOpen = false;
            _trialResolution = "rejected";
            _decision.Report.IsTrial = false;
            _decision.Report.TrialAttemptsLeft = 0;
        }

        private static SlotCheck Classify(BootState state, int slot, SlotVerification result)
        {
            if (!result.IsValid)
            {
                return SlotCheck.Invalid;
            }

            bool recorded = state.GetStatus(slot) != SlotStatus.Empty
                && ManifestDigest.AreEqual(state.GetDigest(slot), ManifestDigest.Of(result.SignedManifestBytes));
            return recorded ? SlotCheck.Recorded : SlotCheck.Other;
        }

        /// <summary>Every slot that was a candidate and did not run, in the order tried, with its reason.</summary>
        private static SlotVerification[] Failures(BootState state, BootTransition transition, SlotVerification[] results)
        {
            ArrayList failures = new ArrayList();
            int trial = state.TrialSlot;
            if (BootSlot.IsSlot(trial) && transition.Action != BootAction.RunTrial)
            {
                if (state.TrialAttemptsLeft <= 0)
                {
                    failures.Add(SlotVerification.Failed(trial, SlotFailure.TrialAttemptsExhausted, string.Empty, "trial started without being confirmed"));
                }
                else if (results[trial] == null)
                {
                    failures.Add(SlotVerification.Failed(trial, SlotFailure.NotRecordedBundle, string.Empty, "the boot state does not record slot " + BootSlot.Name(trial) + " as a pending install"));
                }
            }

            int first = BootTable.FirstCandidate(state);
            for (int i = 0; i < 3; i++)
            {
                int slot = i == 0 ? trial : (i == 1 ? first : BootSlot.Other(first));
                if (!BootSlot.IsSlot(slot) || slot == transition.Slot || results[slot] == null || ContainsSlot(failures, slot))
                {
                    continue;
                }

                SlotVerification result = results[slot];
                if (result.IsValid)
                {
                    result = SlotVerification.FailedBundle(slot, SlotFailure.NotRecordedBundle, BootSlot.ManifestFile(slot), "slot " + BootSlot.Name(slot) + " holds a signed bundle its record does not vouch for (never confirmed, or not the bundle installed): it runs only as a new trial", result.Version, result.SecurityCounter);
                }

                failures.Add(result);
            }

            return (SlotVerification[])failures.ToArray(typeof(SlotVerification));
        }

        private static bool ContainsSlot(ArrayList failures, int slot)
        {
            for (int i = 0; i < failures.Count; i++)
            {
                if (((SlotVerification)failures[i]).Slot == slot)
                {
                    return true;
                }
            }

            return false;
        }

        private void RequireOpenTrial(string operation)
        {
            if (_trialOpen)
            {
                return;
            }

            string why = _decision == null ? "the boot is not decided yet"
                : _trialResolution.Length > 0 ? "this boot's trial was already " + _trialResolution + " (a rejected bundle runs again only as a new trial after it is installed again)"
                : "this boot is not a trial";
            throw new InvalidOperationException(operation + " is refused: " + why + ".");
        }
    }
}
