using System.Diagnostics;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// Where ingest time goes: cumulative wall time per pipeline stage (summed over concurrent handlers) and the
/// writer's commit counts. Cheap enough to stay on (Stopwatch timestamps and Interlocked adds); read by the
/// ingest benchmark to find the bottleneck, since dotnet-trace is not available on the build machines.
/// </summary>
public sealed class IngestMetrics
{
    public const string Decode = "decode";
    public const string Verify = "verify";
    public const string WaitForCommit = "waitForCommit";
    public const string Alerts = "alerts";
    public const string Ack = "ack";
    public const string Commit = "commit";

    /// <summary>Outcomes of waiting for a hole to fill (<see cref="GapRecheck"/>).</summary>
    public const string GapWaitFilled = "gapWaitsFilled";
    public const string GapWaitExpired = "gapWaitsExpired";
    public const string GapWaitNoSlot = "gapWaitsNoSlot";

    private static readonly string[] GapWaitOutcomes = [GapWaitFilled, GapWaitExpired, GapWaitNoSlot];

    private static readonly string[] Stages = [Decode, Verify, WaitForCommit, Alerts, Ack, Commit];
    private readonly long[] _ticks = new long[Stages.Length];
    private readonly long[] _gapWaits = new long[GapWaitOutcomes.Length];
    private long _gapWaitTicks;
    private long _gapAcks;
    private long _commits;
    private long _committedMessages;
    private long _committedEvents;

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) to a stage; returns now.</summary>
    public long Record(string stage, long startTimestamp)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[Array.IndexOf(Stages, stage)], now - startTimestamp);
        return now;
    }

    public void RecordCommit(int messages, int events)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _committedMessages, messages);
        Interlocked.Add(ref _committedEvents, events);
    }

    /// <summary>Counts a wait for a hole by its outcome and adds its time since <paramref name="startTimestamp"/>.</summary>
    public void RecordGapWait(string outcome, long startTimestamp)
    {
        Interlocked.Increment(ref _gapWaits[Array.IndexOf(GapWaitOutcomes, outcome)]);
        Interlocked.Add(ref _gapWaitTicks, Stopwatch.GetTimestamp() - startTimestamp);
    }

    /// <summary>Counts an ack that asked the device to resend after a hole.</summary>
    public void RecordGapAck() => Interlocked.Increment(ref _gapAcks);

    public void Reset()
    {
        for (var i = 0; i < _ticks.Length; i++)
        {
            Interlocked.Exchange(ref _ticks[i], 0);
        }

        for (var i = 0; i < _gapWaits.Length; i++)
        {
            Interlocked.Exchange(ref _gapWaits[i], 0);
        }

        Interlocked.Exchange(ref _gapWaitTicks, 0);
        Interlocked.Exchange(ref _gapAcks, 0);

        Interlocked.Exchange(ref _commits, 0);
        Interlocked.Exchange(ref _committedMessages, 0);
        Interlocked.Exchange(ref _committedEvents, 0);
    }

    /// <summary>Milliseconds per stage ("decodeMs", …), the commit counts and the waits for holes by outcome.</summary>
    public IReadOnlyDictionary<string, double> Snapshot()
    {
        var snapshot = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < Stages.Length; i++)
        {
            snapshot[Stages[i] + "Ms"] = Math.Round(Interlocked.Read(ref _ticks[i]) * 1000.0 / Stopwatch.Frequency, 1);
        }

        for (var i = 0; i < GapWaitOutcomes.Length; i++)
        {
            snapshot[GapWaitOutcomes[i]] = Interlocked.Read(ref _gapWaits[i]);
        }

        snapshot["gapAcks"] = Interlocked.Read(ref _gapAcks);
        snapshot["gapWaitMs"] = Math.Round(Interlocked.Read(ref _gapWaitTicks) * 1000.0 / Stopwatch.Frequency, 1);
        snapshot["commits"] = Interlocked.Read(ref _commits);
        snapshot["committedMessages"] = Interlocked.Read(ref _committedMessages);
        snapshot["committedEvents"] = Interlocked.Read(ref _committedEvents);
        return snapshot;
    }
}
