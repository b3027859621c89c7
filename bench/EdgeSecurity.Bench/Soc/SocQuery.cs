namespace EdgeSecurity.Bench.Soc;

/// <summary>One kind of API request the SOC console makes, and how to pick its next concrete URL.</summary>
internal sealed record SocQuery(string Name, Func<Random, string> NextPath);

/// <summary>Latencies of one query kind (milliseconds) and the size of its answers.</summary>
/// <remarks><see cref="CpuMsPerRequest"/> is this process's CPU time (host and client; not a PostgreSQL server's) per
/// request: unlike the latencies it does not depend on what else the shared machine runs.</remarks>
internal sealed record SocQueryResult(string Query, int Requests, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double CpuMsPerRequest, long MeanResponseBytes);

/// <summary>The export of every event: rate and the process's memory while it streams.</summary>
internal sealed record SocExportResult(long Events, long Bytes, double Seconds, double EventsPerSecond, double EventsPerCpuSecond, double WorkingSetBeforeMiB, double PeakWorkingSetMiB, IReadOnlyList<SocMemoryPoint> Memory);

/// <summary>The process's working set and managed heap when the export had written <see cref="Events"/> lines.</summary>
internal sealed record SocMemoryPoint(long Events, double WorkingSetMiB, double ManagedHeapMiB);

internal sealed record SocRunResult(
    string Database,
    int Devices,
    long Events,
    IReadOnlyDictionary<string, long> Rows,
    double SeedSeconds,
    IReadOnlyList<SocQueryResult> Queries,
    SocExportResult? Export,
    double LoadAverage1MinBefore,
    double LoadAverage1MinAfter);
