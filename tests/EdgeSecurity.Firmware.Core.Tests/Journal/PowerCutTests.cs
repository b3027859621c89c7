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
    internal sealed class Progress
    {
        /// <summary>Unacknowledged records on flash after the last operation that completed.</summary>
        public List<long> DurableUnacked { get; set; } = [];

        /// <summary>Drop totals when <see cref="DurableUnacked"/> was taken.</summary>
        public long DropsAtSnapshot { get; set; }

        /// <summary>Highest acknowledgement started (it may or may not have become durable).</summary>
        public long AckStarted { get; set; }

        public long HighestReturned { get; set; }
    }

    /// <summary>
    /// Prepares a journal (<paramref name="prefill"/> unacknowledged records) once, then for every
    /// durable step of a burst on a copy of it: cut, reboot, check.
    /// </summary>
    public static void CutAtEveryStep(JournalOptions options, int prefill, int burst, int ackUntil, bool evicts, double torn)
    {
        using var template = new EventLogHarness(options);
        Burst(template, new Progress(), prefill, ackUntil: 0);
        var (steps, drops) = CountSteps(template, burst, ackUntil);
        Assert.True(steps > 30, $"scenario too short: {steps} steps");
        Assert.Equal(evicts, drops > 0);
        for (long k = 1; k <= steps; k++)
        {
            using var device = new EventLogHarness(template);
            device.Boot(new PowerCutPlan(k, torn));
            var progress = new Progress();
            Snapshot(device, progress);
            Assert.Throws<PowerLossException>(() => Burst(device, progress, burst, ackUntil));

            device.Boot();
            AssertConsistentAfterReboot(device, progress, $"cut at step {k}/{steps}, torn {torn}");
        }
    }

    private static (long Steps, long Drops) CountSteps(EventLogHarness template, int burst, int ackUntil)
    {
        using var device = new EventLogHarness(template);
        device.Boot();
        Burst(device, new Progress(), burst, ackUntil);
        return (device.Flash.StepsPerformed, device.Journal.DroppedTelemetryTotal + device.Journal.DroppedSecurityTotal);
    }

    /// <summary>Records <paramref name="records"/> events (every third telemetry); after every fifth of the
    /// first <paramref name="ackUntil"/>, the host acknowledges half of what is pending.</summary>
    private static void Burst(EventLogHarness device, Progress progress, int records, int ackUntil)
    {
        var operations = new List<JournalOperation>();
        for (int i = 0; i < records; i++)
        {
            operations.Add(i % 3 == 0 ? JournalOperation.Telemetry : JournalOperation.Security);
            if (i % 5 == 4 && i < ackUntil)
            {
                operations.Add(JournalOperation.AcknowledgeHalf);
            }
        }

        Run(device, progress, operations);
    }

    /// <summary>Performs <paramref name="operations"/> in order, keeping <paramref name="progress"/> up to date after each.</summary>
    internal static void Run(EventLogHarness device, Progress progress, IReadOnlyList<JournalOperation> operations)
    {
        for (int i = 0; i < operations.Count; i++)
        {
            switch (operations[i])
            {
                case JournalOperation.Telemetry:
                case JournalOperation.Security:
                    var sequence = device.Log.Record(operations[i] == JournalOperation.Telemetry ? device.Telemetry() : EventLogHarness.Security(i));
                    progress.HighestReturned = Math.Max(progress.HighestReturned, sequence);
                    break;
                case JournalOperation.AcknowledgeHalf when progress.DurableUnacked.Count > 0:
                    var pending = progress.DurableUnacked;
                    var target = pending[pending.Count / 2];
                    progress.AckStarted = Math.Max(progress.AckStarted, target);
                    device.Journal.Acknowledge(target);
                    break;
            }

            Snapshot(device, progress);
        }
    }

    internal static void Snapshot(EventLogHarness device, Progress progress)
    {
        progress.DurableUnacked = device.Entries().Select(e => e.Sequence).ToList();
        progress.DropsAtSnapshot = device.Journal.DroppedTelemetryTotal + device.Journal.DroppedSecurityTotal;
    }

    internal static void AssertConsistentAfterReboot(EventLogHarness device, Progress progress, string where)
    {
        Assert.False(device.Recovery.TamperingFound, $"{where}: power loss reported as tampering");
        var entries = device.Entries();
        var sequences = entries.Select(e => e.Sequence).ToList();
        Assert.True(sequences.SequenceEqual(sequences.Order().Distinct()), $"{where}: sequences not strictly increasing");

        var present = sequences.ToHashSet();
        var lost = progress.DurableUnacked.Count(s => s > progress.AckStarted && !present.Contains(s));
        long dropsSince = device.Journal.DroppedTelemetryTotal + device.Journal.DroppedSecurityTotal - progress.DropsAtSnapshot;
        bool evictionPossible = device.Journal.DroppedTelemetryTotal + device.Journal.DroppedSecurityTotal > 0;
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
        if (device.Journal.DroppedTelemetryTotal + device.Journal.DroppedSecurityTotal == 0)
        {
            Assert.True(verdicts.All(v => v == ChainVerdict.Linked), $"{where}: unexpected gap");
        }
    }
}

/// <summary>What a power-cut scenario does next to the journal.</summary>
internal enum JournalOperation
{
    Security,
    Telemetry,
    AcknowledgeHalf,
}

/// <summary>A journal large enough never to evict: nothing unacknowledged may be lost at all.</summary>
[Trait("Requirement", "SR-EVT-004")]
[Trait("Requirement", "SR-EVT-003")]
public sealed class PowerCutWithoutEvictionTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Every_step_of_a_burst_with_acks_survives_a_power_cut(double torn) =>
        PowerCutScenario.CutAtEveryStep(new JournalOptions { SegmentBytes = 1200, CapacityBytes = 64 * 1024, SequenceBlock = 4 }, prefill: 5, burst: 30, ackUntil: 30, evicts: false, torn);
}

/// <summary>A small journal that fills up: what is lost must be counted as dropped.</summary>
[Trait("Requirement", "SR-EVT-004")]
[Trait("Requirement", "SR-EVT-005")]
public sealed class PowerCutWithEvictionTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Every_step_of_a_burst_that_evicts_survives_a_power_cut(double torn) =>
        PowerCutScenario.CutAtEveryStep(EventLogHarness.Small(), prefill: 18, burst: 24, ackUntil: 5, evicts: true, torn);
}
