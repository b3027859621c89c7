namespace EdgeSecurity.Simulator.Device;

/// <summary>What one simulated device did during a run (for progress and the --json summary).</summary>
public sealed record DeviceStatistics(
    string DeviceId,
    long EventsGenerated,
    long TelemetryRefused,
    long Unacknowledged,
    long AcknowledgedThrough,
    long HeadSequence,
    int Reboots,
    int PowerCuts,
    int IntegrityFindings,
    bool Connected,
    string BootOutcome)
{
    /// <summary>Records generated in this run that the host has acknowledged (generated minus still waiting).</summary>
    public long EventsAcknowledged => Math.Max(0, EventsGenerated - Unacknowledged);
}
