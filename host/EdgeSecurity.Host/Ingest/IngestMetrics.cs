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

    private static readonly string[] Stages = [Decode, Verify, WaitForCommit, Alerts, Ack, Commit];
    private readonly long[] _ticks = new long[Stages.Length];
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

    public void Reset()
    {
        for (var i = 0; i < _ticks.Length; i++)
        {
            Interlocked.Exchange(ref _ticks[i], 0);
        }

        Interlocked.Exchange(ref _commits, 0);
        Interlocked.Exchange(ref _committedMessages, 0);
        Interlocked.Exchange(ref _committedEvents, 0);
    }

    /// <summary>Milliseconds per stage ("decodeMs", …) and the commit counts.</summary>
    public IReadOnlyDictionary<string, double> Snapshot()
    {
        var snapshot = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < Stages.Length; i++)
        {
            snapshot[Stages[i] + "Ms"] = Math.Round(Interlocked.Read(ref _ticks[i]) * 1000.0 / Stopwatch.Frequency, 1);
        }

        snapshot["commits"] = Interlocked.Read(ref _commits);
        snapshot["committedMessages"] = Interlocked.Read(ref _committedMessages);
        snapshot["committedEvents"] = Interlocked.Read(ref _committedEvents);
        return snapshot;
    }
}
