namespace EdgeSecurity.Bench.Ingest;

/// <summary>What one run on one database measured (the --json summary holds one per database).</summary>
internal sealed record IngestRunResult(
    string Database,
    int Devices,
    int RecordsPerBatch,
    int Window,
    long Events,
    long Messages,
    long RawMessagesPublished,
    long RawMessagesDelivered,
    long RawMessagesOutOfOrder,
    double RawSeconds,
    double RawEventsPerSecond,
    double IngestSeconds,
    double StoredAckedEventsPerSecond,
    double RatioToRaw,
    double LatencyP50Ms,
    double LatencyP99Ms,
    long RowsInDatabase,
    int BusyAcks,
    int GapAcks,
    int HostReconnects,
    long ManagedBytesPerDeviceConnection,
    double LoadAverage1MinBefore,
    double LoadAverage1MinAfter,
    IReadOnlyDictionary<string, double> HostStageMs);
