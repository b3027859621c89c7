namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>One event with its envelope, as encoded on flash and on the wire (docs/formats/events.md §1).</summary>
    public sealed class EventRecord
    {
        public const byte FormatVersion = 1;

        public string DeviceId { get; set; }

        public uint BootCounter { get; set; }

        /// <summary>Per-device, 1 … long.MaxValue, strictly increasing, never reused.</summary>
        public long Sequence { get; set; }

        /// <summary>Unix milliseconds UTC as the device believes it.</summary>
        public long DeviceTimeUnixMs { get; set; }

        /// <summary>True when the device clock had been set from a trusted source.</summary>
        public bool DeviceTimeTrusted { get; set; }

        /// <summary>Milliseconds since this boot.</summary>
        public long UptimeMs { get; set; }

        public ushort EventType { get; set; }

        public EventSeverity Severity { get; set; }

        public EventPriority Priority { get; set; }

        /// <summary>Fields in strictly increasing id order.</summary>
        public EventField[] Fields { get; set; }

        /// <summary>The field with <paramref name="id"/>, or null.</summary>
        public EventField FindField(byte id)
        {
            if (Fields == null)
            {
                return null;
            }

            for (int i = 0; i < Fields.Length; i++)
            {
                if (Fields[i].Id == id)
                {
                    return Fields[i];
                }
            }

            return null;
        }
    }
}
