using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Firmware.Core.Tests.Events.Support;

/// <summary>Sample records for codec and chain tests.</summary>
internal static class Records
{
    public static EventRecord Sample(long sequence = 1, string deviceId = "dev-0001") => new()
    {
        DeviceId = deviceId,
        BootCounter = 7,
        Sequence = sequence,
        DeviceTimeUnixMs = 1_790_000_000_000 + sequence,
        DeviceTimeTrusted = true,
        UptimeMs = 5000 + sequence,
        EventType = EventTypes.IntegrityCheck,
        Severity = EventSeverity.Critical,
        Priority = EventPriority.Security,
        Fields =
        [
            EventField.Int32(1, -5),
            EventField.String(2, "digest mismatch: app.pe"),
            EventField.Bytes(3, [1, 2, 3]),
            EventField.Int64(4, long.MinValue),
            EventField.Bool(9, true),
        ],
    };
}
