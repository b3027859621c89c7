using EdgeSecurity.Firmware.Core.Boot;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The boot decision over every combination of stored state and slot verification results
/// (docs/boot.md, "decision table"), with the rules checked as invariants rather than restated row by row.
/// </summary>
public sealed class BootTableTests
{
    private const long Counter = 5;
    private static readonly int[] SlotsOrNone = [BootSlot.None, BootSlot.A, BootSlot.B];
    private static readonly SlotStatus[] Statuses = [SlotStatus.Empty, SlotStatus.Pending, SlotStatus.Confirmed, SlotStatus.Rejected];
    private static readonly SlotCheck[] Results = [SlotCheck.Invalid, SlotCheck.Recorded, SlotCheck.Other];
    private static readonly RollbackReason[] Reasons = [RollbackReason.None, RollbackReason.HealthCheckFailed];

    public static IEnumerable<BootState> AllStates()
    {
        foreach (var confirmed in SlotsOrNone)
        {
            foreach (var trial in SlotsOrNone)
            {
                foreach (var attempts in new[] { 0, 1, 3 })
                {
                    foreach (var statusA in Statuses)
                    {
                        foreach (var statusB in Statuses)
                        {
                            // Slot and reason of the last rollback independently: the state codec accepts a
                            // slot without a reason, although no code path writes one.
                            foreach (var rolledBack in SlotsOrNone)
                            {
                                foreach (var reason in Reasons)
                                {
                                    var state = new BootState
                                    {
                                        ConfirmedSlot = confirmed,
                                        TrialSlot = trial,
                                        TrialAttemptsLeft = attempts,
                                        ConfirmedCounter = Counter,
                                        BootCount = 7,
                                        LastRolledBackSlot = rolledBack,
                                        LastRollbackReason = reason,
                                    };
                                    state.SetSlot(BootSlot.A, statusA, Digest(1));
                                    state.SetSlot(BootSlot.B, statusB, Digest(2));
                                    yield return state;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-012")]
    [Trait("Requirement", "SR-BOOT-013")]
    public void Every_state_and_every_verification_result_gives_a_decision_that_keeps_the_rules()
    {
        var cases = 0;
        foreach (var state in AllStates())
        {
            foreach (var resultA in Results)
            {
                foreach (var resultB in Results)
                {
                    var context = $"state confirmed={state.ConfirmedSlot} trial={state.TrialSlot}/{state.TrialAttemptsLeft} A={state.GetStatus(BootSlot.A)} B={state.GetStatus(BootSlot.B)} rolledBack={state.LastRolledBackSlot}; A {resultA}, B {resultB}";
                    var full = BootTable.Decide(state, resultA, resultB);
                    var lazy = DecideLazily(state, resultA, resultB, out var verified);
                    AssertSame(full, lazy, context);
                    AssertRules(state, resultA, resultB, full, verified, context);
                    cases++;
                }
            }
        }

        Assert.Equal(3 * 3 * 3 * 4 * 4 * 3 * 2 * 9, cases);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-013")]
    public void A_result_the_decision_needs_but_was_not_given_is_an_error_not_a_guess()
    {
        var state = new BootState { ConfirmedSlot = BootSlot.A };
        state.SetSlot(BootSlot.A, SlotStatus.Confirmed, Digest(1));
        Assert.Equal(BootSlot.A, BootTable.NextToVerify(state, SlotCheck.NotVerified, SlotCheck.NotVerified));
        var error = Assert.Throws<InvalidOperationException>(() => BootTable.Decide(state, SlotCheck.NotVerified, SlotCheck.Recorded));
        Assert.Contains("slot A", error.Message, StringComparison.Ordinal); // the caller learns which slot to verify
        Assert.Contains("verified", error.Message, StringComparison.Ordinal);
        Assert.Equal("state", Assert.Throws<ArgumentNullException>(() => BootTable.Decide(null!, SlotCheck.Recorded, SlotCheck.Recorded)).ParamName);
    }

    private static BootTransition DecideLazily(BootState state, SlotCheck resultA, SlotCheck resultB, out List<int> verified)
    {
        var a = SlotCheck.NotVerified;
        var b = SlotCheck.NotVerified;
        verified = [];
        int slot;
        while ((slot = BootTable.NextToVerify(state, a, b)) != BootSlot.None)
        {
            Assert.DoesNotContain(slot, verified); // each slot is verified at most once per boot
            verified.Add(slot);
            if (slot == BootSlot.A)
            {
                a = resultA;
            }
            else
            {
                b = resultB;
            }
        }

        return BootTable.Decide(state, a, b);
    }

    private static void AssertRules(BootState state, SlotCheck resultA, SlotCheck resultB, BootTransition t, List<int> verified, string context)
    {
        SlotCheck Result(int slot) => slot == BootSlot.A ? resultA : resultB;
        bool Vouched(int slot) => state.GetStatus(slot) == SlotStatus.Confirmed && Result(slot) == SlotCheck.Recorded;
        var trial = state.TrialSlot;
        var trialRunnable = BootSlot.IsSlot(trial) && state.TrialAttemptsLeft > 0 && state.GetStatus(trial) == SlotStatus.Pending && Result(trial) == SlotCheck.Recorded;
        var anyVouched = Vouched(BootSlot.A) || Vouched(BootSlot.B);
        var next = t.Next;

        // Nothing unverified, nothing never-confirmed runs outside its counted trial.
        switch (t.Action)
        {
            case BootAction.RunTrial:
                Assert.True(trialRunnable, context);
                Assert.Equal(trial, t.Slot);
                Assert.Equal(trial, next.TrialSlot);
                Assert.Equal(state.TrialAttemptsLeft - 1, next.TrialAttemptsLeft);
                Assert.Equal(BootOutcome.Trial, t.Outcome);
                break;
            case BootAction.RunConfirmed:
                Assert.False(trialRunnable, context);
                Assert.True(Vouched(t.Slot), context);
                Assert.Equal(t.Slot, next.ConfirmedSlot);
                var preferred = BootSlot.IsSlot(state.ConfirmedSlot) ? state.ConfirmedSlot : BootSlot.A;
                Assert.True(t.Slot == preferred || !Vouched(preferred), $"{context}: the stored confirmed slot is preferred");
                Assert.Equal(BootSlot.IsSlot(state.ConfirmedSlot) && t.Slot != state.ConfirmedSlot, t.FallbackTaken);
                break;
            default:
                // Safe mode only when nothing may run; never when a vouched-for bundle verifies.
                Assert.False(trialRunnable || anyVouched, context);
                Assert.Equal(BootSlot.None, t.Slot);
                Assert.Equal(BootOutcome.SafeMode, t.Outcome);
                break;
        }

        // A slot that runs was verified at this boot, last: verification stops at the slot the decision takes
        // (each verification hashes a whole slot); nothing else was verified needlessly.
        if (t.Action != BootAction.SafeMode)
        {
            Assert.Equal(t.Slot, verified[^1]);
        }

        // Only running the other confirmed slot than the stored one is a fallback.
        Assert.Equal(t.Action == BootAction.RunConfirmed && BootSlot.IsSlot(state.ConfirmedSlot) && t.Slot != state.ConfirmedSlot, t.FallbackTaken);

        foreach (var slot in verified)
        {
            var candidate = (slot == trial && state.TrialAttemptsLeft > 0 && state.GetStatus(slot) == SlotStatus.Pending) || state.GetStatus(slot) == SlotStatus.Confirmed;
            Assert.True(candidate, $"{context}: slot {slot} verified although it could not run");
        }

        // A boot never raises the counter and never vouches for a bundle it did not vouch for before.
        Assert.Equal(state.ConfirmedCounter, next.ConfirmedCounter);
        Assert.Equal(state.BootCount + 1, next.BootCount);
        foreach (var slot in new[] { BootSlot.A, BootSlot.B })
        {
            var before = state.GetStatus(slot);
            var after = next.GetStatus(slot);
            Assert.Equal(state.GetDigest(slot), next.GetDigest(slot));
            if (slot == trial && t.Action != BootAction.RunTrial && before == SlotStatus.Pending)
            {
                Assert.Equal(SlotStatus.Rejected, after); // an abandoned trial is remembered as rejected
            }
            else
            {
                Assert.Equal(before, after);
            }
        }

        // An abandoned trial is cleared and reported with its reason.
        if (BootSlot.IsSlot(trial) && t.Action != BootAction.RunTrial)
        {
            Assert.Equal(BootSlot.None, next.TrialSlot);
            Assert.Equal(0, next.TrialAttemptsLeft);
            Assert.Equal(trial, t.RolledBackFrom);
            Assert.Equal(state.TrialAttemptsLeft <= 0 ? RollbackReason.TrialAttemptsExhausted : RollbackReason.TrialVerificationFailed, t.RollbackReason);
        }
        else if (t.Action != BootAction.RunTrial)
        {
            // A rollback the last health check decided is reported by this boot (then forgotten); a slot
            // stored without a reason is no rollback.
            var reported = state.LastRollbackReason != RollbackReason.None ? state.LastRolledBackSlot : BootSlot.None;
            Assert.Equal(reported, t.RolledBackFrom);
            Assert.Equal(state.LastRollbackReason, t.RollbackReason);
            if (t.Action == BootAction.RunConfirmed && !t.FallbackTaken)
            {
                Assert.Equal(reported != BootSlot.None ? BootOutcome.RolledBack : BootOutcome.Confirmed, t.Outcome);
            }
        }

        Assert.Equal(RollbackReason.None, next.LastRollbackReason);
        Assert.Equal(t.Outcome, next.LastOutcome);
    }

    private static void AssertSame(BootTransition expected, BootTransition actual, string context)
    {
        Assert.True(expected.Action == actual.Action && expected.Slot == actual.Slot && expected.Outcome == actual.Outcome, $"{context}: lazy verification decided differently");
        Assert.Equal(Encode(expected.Next), Encode(actual.Next));
    }

    private static byte[] Encode(BootState state) => BootStateCodec.Encode(state);

    private static byte[] Digest(byte seed) => Enumerable.Repeat(seed, ManifestDigest.Length).ToArray();
}
