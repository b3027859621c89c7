using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Firmware.PortableCases.Support
{
    /// <summary>Event records whose fields vary with their number, for the journal and codec cases.</summary>
    public static class SampleEvents
    {
        public const string DeviceId = "dev-portable-01";

        public static EventRecord Record(long sequence, int n)
        {
            EventRecord record = new EventRecord();
            record.DeviceId = DeviceId;
            record.BootCounter = (uint)(3 + (n % 2));
            record.Sequence = sequence;
            record.DeviceTimeUnixMs = 1767225600000L + (n * 1234L);
            record.DeviceTimeTrusted = n % 3 != 0;
            record.UptimeMs = 5000L + n;
            record.EventType = (ushort)(0x0100 + (n % 7));
            record.Severity = (EventSeverity)(n % 5);
            record.Priority = n % 4 == 0 ? EventPriority.Security : EventPriority.Telemetry;
            byte[] blob = new byte[n % 40];
            for (int i = 0; i < blob.Length; i++)
            {
                blob[i] = (byte)(i * 7 + n);
            }

            record.Fields = new EventField[]
            {
                EventField.Int32(1, -n * 1000),
                EventField.Int64(2, 0x0102030405060708L * (n + 1)),
                EventField.Bool(3, n % 2 == 0),
                EventField.String(4, "slot-" + n + "-\u00e9\u4e2d"),
                EventField.Bytes(5, blob),
            };
            return record;
        }
    }
}
