using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// What the event record, batch and ack parsers throw for malformed input, and nothing else. It is a
    /// <see cref="MalformedDataException"/> (the core's one parse error type) with the event formats'
    /// finer reason code.
    /// </summary>
    public class EventFormatException : MalformedDataException
    {
        public EventFormatException(EventFormatError reason, string field, string detail)
            : base(GeneralReason(reason), field, detail)
        {
            EventReason = reason;
        }

        public EventFormatError EventReason { get; private set; }

        private static MalformedReason GeneralReason(EventFormatError reason)
        {
            switch (reason)
            {
                case EventFormatError.Truncated:
                    return MalformedReason.Truncated;
                case EventFormatError.TrailingBytes:
                    return MalformedReason.TrailingBytes;
                case EventFormatError.UnsupportedVersion:
                    return MalformedReason.UnsupportedVersion;
                case EventFormatError.InvalidDeviceId:
                case EventFormatError.InvalidUtf8:
                    return MalformedReason.InvalidText;
                case EventFormatError.TooManyFields:
                case EventFormatError.InvalidEntryCount:
                    return MalformedReason.CountOutOfRange;
                case EventFormatError.FieldTooLong:
                case EventFormatError.RecordTooLong:
                case EventFormatError.BatchTooLong:
                case EventFormatError.InvalidRecordLength:
                    return MalformedReason.LengthOutOfRange;
                case EventFormatError.MissingPreviousMac:
                    return MalformedReason.MissingEntry;
                case EventFormatError.FieldOrder:
                case EventFormatError.SequenceOrder:
                case EventFormatError.MixedDevices:
                case EventFormatError.NonCanonical:
                case EventFormatError.BadAuthenticator:
                    return MalformedReason.Inconsistent;
                default:
                    return MalformedReason.ValueOutOfRange;
            }
        }
    }
}
