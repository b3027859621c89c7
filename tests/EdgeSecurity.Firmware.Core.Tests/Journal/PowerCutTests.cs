using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// The journal's central promise, checked at every durable step of a burst of appends interleaved with
/// acknowledgements (and, in the small journal, evictions): cut power there (the step lost or torn in
/// half), reboot, and the journal opens consistent, loses no durably appended record that was not
/// acknowledged (or counted as dropped), never reuses a sequence number, and continues the chain.
/// </summary>
internal static class PowerCutScenario
{
    /// <summary>What the scenario had achieved when power went.</summary>
    private sealed class Progress
    {
        /// <summary>Unacknowledged records on flash after the last operation that completed.</summary>
        public List<long> DurableUnacked { get; set; } = [];

        /// <summary>Drop totals when <see cref="DurableUnacked"/> was taken.</summary>
        public long DropsAtSnapshot { get; set; }

        /// <summary>Highest acknowledgement started (it may or may not have become durable).</summary>
        public long AckStarted { get; set; }

        public long HighestReturned { get; set; }
    }

    public static void CutAtEveryStep(bool smallJournal, double torn)
    {
        long steps = CountSteps(smallJournal);
        Assert.True(steps > 40, $"scenario too short: {steps} steps");
        for (long k = 1; k <= steps; k++)
        {
            using var device = new EventLogHarness(Options(smallJournal));
            device.Boot(new PowerCutPlan(k, torn));
            var progress = new Progress();
            Assert.Throws<PowerLossException>(() => Burst(device, progress));

            device.Boot();
            AssertConsistentAfterReboot(device, progress, smallJournal, $"cut at step {k}/{steps}, torn {torn}");
        }
    }

    private static JournalOptions Options(bool small) => small
        ? EventLogHarness.Small()
        : new JournalOptions { SegmentBytes = 1200, CapacityBytes = 64 * 1024, SequenceBlock = 4 };

    private static long CountSteps(bool smallJournal)
    {
        using var device = new EventLogHarness(Options(smallJournal));
        device.Boot();
        Burst(device, new Progress());
        return device.Flash.StepsPerformed;
    }

    private static void Burst(EventLogHarness device, Progress progress)
    {
        // The small journal stops acknowledging after a while (the host is away), so it fills and evicts.
        bool small = device.Options.CapacityBytes < 10_000;
        int records = small ? 50 : 30;
        for (int i = 0; i < records; i++)
        {
            var sequence = device.Log.Record(i % 3 == 0 ? device.Telemetry() : EventLogHarness.Security(i));
            progress.HighestReturned = Math.Max(progress.HighestReturned, sequence);
            Snapshot(device, progress);
            if (i % 5 == 4 && !(small && i > 15))
            {
                var pending = progress.DurableUnacked;
                var target = pending[pending.Count / 2];
                progress.AckStarted = Math.Max(progress.AckStarted, target);
                device.Journal.Acknowledge(target);
                Snapshot(device, progress);
            }
        }
    }

    private static void Snapshot(EventLogHarness device, Progress progress)
    {
        progress.DurableUnacked = device.Entries().Select(e => e.Sequence).ToList();
        progress.DropsAtSnapshot = device.Journal.DroppedTelemetryTotal + device.Journal.DroppedSecurityTotal;
    }

    private static void AssertConsistentAfterReboot(EventLogHarness device, Progress progress, bool evictionPossible, string where)
    {
        var entries = device.Entries();
        var sequences = entries.Select(e => e.Sequence).ToList();
        Assert.True(sequences.SequenceEqual(sequences.Order().Distinct()), $"{where}: sequences not strictly increasing");

        var present = sequences.ToHashSet();
        var lost = progress.DurableUnacked.Count(s => s > progress.AckStarted && !present.Contains(s));
        long dropsSince = device.Journal.DroppedTelemetryTotal + device.Journal.DroppedSecurityTotal - progress.DropsAtSnapshot;
        if (evictionPossible)
        {
            Assert.True(lost <= dropsSince, $"{where}: {lost} unacknowledged records lost but only {dropsSince} drops counted");
        }
        else
        {
            Assert.True(lost == 0, $"{where}: {lost} unacknowledged records lost");
        }

        long next = device.Log.Record(EventLogHarness.Security(1000));
        Assert.True(next > progress.HighestReturned && next > sequences.DefaultIfEmpty(0).Max(), $"{where}: sequence {next} reused");

        entries = device.Entries();
        var verifier = new EventChainVerifier(device.Mac, device.Key, EventLogHarness.DeviceId, 0, entries[0].PreviousMac);
        var verdicts = entries.Select(e => verifier.Check(e.PreviousMac, e.Record, e.Mac)).ToList();
        Assert.True(!verdicts.Contains(ChainVerdict.Forged), $"{where}: chain broken");
        Assert.True(verdicts[^1] == ChainVerdict.Linked, $"{where}: record after reboot not linked to the chain head");
        if (!evictionPossible)
        {
            Assert.True(verdicts.All(v => v == ChainVerdict.Linked), $"{where}: unexpected gap");
        }
    }
}

/// <summary>A journal large enough never to evict: nothing unacknowledged may be lost at all.</summary>
[Trait("Requirement", "SR-EVT-004")]
[Trait("Requirement", "SR-EVT-003")]
public sealed class PowerCutWithoutEvictionTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Every_step_of_a_burst_with_acks_survives_a_power_cut(double torn) => PowerCutScenario.CutAtEveryStep(false, torn);
}

/// <summary>A small journal that fills up: what is lost must be counted as dropped.</summary>
[Trait("Requirement", "SR-EVT-004")]
[Trait("Requirement", "SR-EVT-005")]
public sealed class PowerCutWithEvictionTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Every_step_of_a_burst_that_evicts_survives_a_power_cut(double torn) => PowerCutScenario.CutAtEveryStep(true, torn);
}
