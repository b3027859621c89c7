using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// Random sequences of records and acknowledgements on a large or a small (evicting) journal, power cut
/// at a random durable step. The torn write is either a prefix or, as half-programmed flash cells leave
/// it, a prefix followed by garbage over the rest of its range (so only the frame CRC can tell it from a
/// record), and the recovery at the next boot is itself cut at a random step of its own, again torn or
/// damaged. After every reboot the journal's invariants hold: no tampering reported, sequences strictly
/// increasing and never reused, nothing unacknowledged lost that is not counted as dropped, the chain
/// verifies and the next record links to it.
/// </summary>
public sealed class PowerCutPropertyTests(ITestOutputHelper output)
{
    private static readonly JournalOperation[] OperationPool =
        [JournalOperation.Security, JournalOperation.Security, JournalOperation.Telemetry, JournalOperation.AcknowledgeHalf];

    private static readonly double[] TornFractions = [0.0, 0.25, 0.5, 0.9, 1.0];

    [Fact]
    [Trait("Requirement", "SR-EVT-003")]
    [Trait("Requirement", "SR-EVT-004")]
    [Trait("Requirement", "SR-EVT-005")]
    public void Random_operations_cut_with_damaged_writes_and_a_cut_recovery_keep_the_journal_consistent()
    {
        long recoveryCuts = 0;
        long garbageCuts = 0;
        var property = Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, int.MaxValue)).ToArbitrary(),
            script =>
            {
                var plan = new Script(script);
                var (recoveryCut, garbage) = CutTwiceAndCheck(plan);
                recoveryCuts += recoveryCut ? 1 : 0;
                garbageCuts += garbage ? 1 : 0;
            });

        property.Check(Config.QuickThrowOnFailure.WithMaxTest(150).WithEndSize(60));
        output.WriteLine($"150 cases: {garbageCuts} with a garbage-damaged torn write, {recoveryCuts} with the recovery cut as well");
        Assert.True(recoveryCuts > 20 && garbageCuts > 20, $"too few interesting cases: {recoveryCuts} recovery cuts, {garbageCuts} garbage writes");
    }

    /// <summary>Returns whether the recovery was really cut and whether a cut left garbage.</summary>
    private static (bool RecoveryCut, bool Garbage) CutTwiceAndCheck(Script plan)
    {
        var options = plan.Next(2) == 0 ? EventLogHarness.Small() : new JournalOptions { SegmentBytes = 1200, CapacityBytes = 64 * 1024, SequenceBlock = 4 };
        var prefill = plan.Operations(3 + plan.Next(15), acknowledge: false);
        var burst = plan.Operations(5 + plan.Next(25), acknowledge: true);
        using var template = new EventLogHarness(options);
        PowerCutScenario.Run(template, new PowerCutScenario.Progress(), prefill);
        long steps = CountSteps(template, burst);

        using var device = new EventLogHarness(template);
        var firstCut = plan.Cut(1 + plan.Next((int)steps));
        device.Boot(firstCut);
        var progress = new PowerCutScenario.Progress();
        PowerCutScenario.Snapshot(device, progress);
        Assert.Throws<PowerLossException>(() => PowerCutScenario.Run(device, progress, burst));

        // The recovery's own durable steps, counted on a copy of the flash as the cut left it.
        long recoverySteps;
        using (var probe = new EventLogHarness(device))
        {
            probe.Boot();
            recoverySteps = probe.Flash.StepsPerformed;
        }

        var where = $"cut {firstCut} of {steps} steps";
        bool garbage = firstCut.GarbageSeed is not null;
        if (recoverySteps > 0)
        {
            var recoveryCut = plan.Cut(1 + plan.Next((int)recoverySteps));
            Assert.Throws<PowerLossException>(() => device.Boot(recoveryCut));
            where += $", then recovery cut {recoveryCut} of {recoverySteps} steps";
            garbage |= recoveryCut.GarbageSeed is not null;
        }

        device.Boot();
        PowerCutScenario.AssertConsistentAfterReboot(device, progress, where);
        return (recoverySteps > 0, garbage);
    }

    private static long CountSteps(EventLogHarness template, JournalOperation[] burst)
    {
        // The same progress as the cut run sees (a snapshot of the journal after boot): the burst's
        // acknowledgements depend on it, and so does the number of writes they make.
        using var device = new EventLogHarness(template);
        device.Boot();
        var progress = new PowerCutScenario.Progress();
        PowerCutScenario.Snapshot(device, progress);
        PowerCutScenario.Run(device, progress, burst);
        return device.Flash.StepsPerformed;
    }

    /// <summary>Reads the generated numbers as the choices of one case (shrinks with them).</summary>
    private sealed class Script(int[] numbers)
    {
        private int _at;

        public int Next(int bound) => numbers.Length == 0 ? 0 : numbers[_at++ % numbers.Length] % bound;

        public JournalOperation[] Operations(int count, bool acknowledge) =>
            [.. Enumerable.Range(0, count).Select(_ => OperationPool[Next(acknowledge ? OperationPool.Length : OperationPool.Length - 1)])];

        public PowerCutPlan Cut(long step) =>
            new(step, TornFractions[Next(TornFractions.Length)], Next(2) == 0 ? null : Next(1_000_000));
    }
}
