using System;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// What happened, as the code that noticed it describes it: type, severity, priority class and fields.
    /// The event log adds the envelope (device, boot, sequence, times) and the MAC.
    /// </summary>
    public sealed class SecurityEvent
    {
        public SecurityEvent(ushort type, EventSeverity severity, EventPriority priority, EventField[] fields)
        {
            if (type == 0)
            {
                throw new ArgumentException("Event type 0 is reserved.");
            }

            Type = type;
            Severity = severity;
            Priority = priority;
            Fields = fields == null ? new EventField[0] : fields;
        }

        public ushort Type { get; private set; }

        public EventSeverity Severity { get; private set; }

        public EventPriority Priority { get; private set; }

        public EventField[] Fields { get; private set; }
    }
}
