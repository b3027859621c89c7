using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Simulator.Device;

/// <summary>How a simulated device runs (the parts a real device takes from agent.conf can be overridden for tests).</summary>
public sealed class DeviceSettings
{
    /// <summary>Simulated flash size per device (the journal, both slots and state files live in it).</summary>
    public int FlashCapacityBytes { get; init; } = 1024 * 1024;

    /// <summary>Heartbeat interval; null uses the package's heartbeat_interval_s.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>Runtime integrity check interval; null uses the package's integrity_check_interval_s.</summary>
    public TimeSpan? IntegrityInterval { get; init; }

    /// <summary>Telemetry events per second each device records on top of heartbeats (0 = heartbeats only).</summary>
    public double EventsPerSecond { get; init; }

    /// <summary>Keep every sequence number the device recorded (tests compare them with what the host stored).</summary>
    public bool TrackSequences { get; init; }

    public Func<JournalOptions> Journal { get; init; } = () => new JournalOptions();

    /// <summary>The update client's limits and timers (defaults: the core's, with a 60 s health check).</summary>
    public Func<OtaClientOptions> Ota { get; init; } = () => new OtaClientOptions { HealthCheckTimeoutMilliseconds = 60_000 };

    public Func<UploaderOptions> Uploader { get; init; } = () => new UploaderOptions { AckTimeoutMs = 10_000 };
}
