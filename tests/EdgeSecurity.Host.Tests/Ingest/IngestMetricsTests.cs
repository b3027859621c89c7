using System.Diagnostics;
using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// The ingest metrics as the ingest benchmark reads them to find the bottleneck: each stage's time lands under
/// its own key in milliseconds, the time spent waiting for holes is counted, and a reset between benchmark runs
/// starts every figure from zero. Times are checked against the Stopwatch timestamps the test reads around each
/// call, not against a wall-clock budget.
/// </summary>
public sealed class IngestMetricsTests
{
    private static readonly string[] Stages =
        [IngestMetrics.Decode, IngestMetrics.Verify, IngestMetrics.WaitForCommit, IngestMetrics.Alerts, IngestMetrics.Ack, IngestMetrics.Commit];

    private static double Milliseconds(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 1);

    [Fact]
    public void Each_stage_s_time_since_its_start_is_added_under_its_own_key_in_milliseconds()
    {
        var metrics = new IngestMetrics();
        var expected = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < Stages.Length; i++)
        {
            // Each stage started a different time ago (50 ms, 100 ms, …), so a figure under the wrong key shows.
            var start = Stopwatch.GetTimestamp() - (Stopwatch.Frequency / 20 * (i + 1));
            var end = metrics.Record(Stages[i], start);
            expected[Stages[i] + "Ms"] = Milliseconds(end - start);
        }

        var snapshot = metrics.Snapshot();

        foreach (var (key, milliseconds) in expected)
        {
            Assert.Equal(milliseconds, snapshot[key]);
        }
    }

    [Fact]
    public void A_wait_for_a_hole_is_counted_by_its_outcome_and_its_time_added()
    {
        var metrics = new IngestMetrics();
        var start = Stopwatch.GetTimestamp() - (Stopwatch.Frequency / 4);
        var before = Stopwatch.GetTimestamp();
        metrics.RecordGapWait(IngestMetrics.GapWaitExpired, start);
        var after = Stopwatch.GetTimestamp();

        var snapshot = metrics.Snapshot();

        Assert.InRange(snapshot["gapWaitMs"], Milliseconds(before - start), Milliseconds(after - start));
        Assert.Equal((0, 1, 0), (snapshot[IngestMetrics.GapWaitFilled], snapshot[IngestMetrics.GapWaitExpired], snapshot[IngestMetrics.GapWaitNoSlot]));
    }

    [Fact]
    public void A_reset_between_benchmark_runs_starts_every_figure_from_zero()
    {
        var metrics = new IngestMetrics();
        var longAgo = Stopwatch.GetTimestamp() - Stopwatch.Frequency;
        foreach (var stage in Stages)
        {
            metrics.Record(stage, longAgo);
        }

        metrics.RecordCommit(messages: 3, events: 7);
        metrics.RecordGapWait(IngestMetrics.GapWaitFilled, longAgo);
        metrics.RecordGapWait(IngestMetrics.GapWaitExpired, longAgo);
        metrics.RecordGapWait(IngestMetrics.GapWaitNoSlot, longAgo);
        metrics.RecordGapAck();
        Assert.All(metrics.Snapshot(), figure => Assert.NotEqual(0, figure.Value));

        metrics.Reset();

        Assert.All(metrics.Snapshot(), figure => Assert.Equal(0, figure.Value));
        Assert.Equal(Stages.Length + 8, metrics.Snapshot().Count);
    }
}
