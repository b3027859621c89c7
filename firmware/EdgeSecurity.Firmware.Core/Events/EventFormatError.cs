namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>Why bytes were rejected as an event record, batch or acknowledgement.</summary>
    public enum EventFormatError
    {
        Truncated = 1,
        TrailingBytes = 2,
        UnsupportedVersion = 3,
        ReservedBitsSet = 4,
        InvalidPriority = 5,
        InvalidSeverity = 6,
        InvalidEventType = 7,
        InvalidSequence = 8,
        InvalidUptime = 9,
        InvalidDeviceId = 10,
        TooManyFields = 11,
        FieldOrder = 12,
        UnknownFieldKind = 13,
        FieldTooLong = 14,
        InvalidUtf8 = 15,
        InvalidBool = 16,
        RecordTooLong = 17,
        InvalidEntryCount = 18,
        MissingPreviousMac = 19,
        SequenceOrder = 20,
        MixedDevices = 21,
        BatchTooLong = 22,
        InvalidStatus = 23,
        InvalidRecordLength = 24,
        BadAuthenticator = 25,
        NonCanonical = 26,
        InvalidKeyEpoch = 27,
    }
}
