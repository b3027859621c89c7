using System;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>The only exception the event, batch and ack parsers throw for malformed input.</summary>
    public class EventFormatException : Exception
    {
        public EventFormatException(EventFormatError reason, string detail)
            : base("Malformed event data (" + ReasonName(reason) + "): " + detail)
        {
            Reason = reason;
        }

        public EventFormatError Reason { get; private set; }

        private static string ReasonName(EventFormatError reason)
        {
            // Enum.ToString is not reliable on nanoFramework (no metadata names), so the code is numeric.
            return "E" + ((int)reason).ToString();
        }
    }
}
