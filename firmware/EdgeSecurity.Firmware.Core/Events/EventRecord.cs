namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>One event with its envelope, as encoded on flash and on the wire (docs/formats/events.md §1).</summary>
    public sealed class EventRecord
    {
        /// <summary>Version of a record without a key epoch (epoch 0: the device's first event key).</summary>
        public const byte FormatVersion = 1;

        /// <summary>Version of a record that names its key epoch (1 or more).</summary>
        public const byte EpochFormatVersion = 2;

        /// <summary>Sequence numbers of key epoch <c>e</c> start above <c>e * EpochSequenceBand</c> (2^40): a
        /// device whose journal restarts with a new event key never reuses a number of an earlier epoch.</summary>
        public const long EpochSequenceBand = 1L << 40;

        /// <summary>Which of the device's event keys MACs this record (0 = the key of the first enrolment; each
        /// re-enrolment with a new key adds one). Encoded as format version 2 when above 0.</summary>
        public ushort KeyEpoch { get; set; }

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
