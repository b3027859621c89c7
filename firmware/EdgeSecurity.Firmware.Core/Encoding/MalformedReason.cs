namespace EdgeSecurity.Firmware.Core.Serialization
{
    /// <summary>Why a parser rejected its input. Stable codes: tools and events report them.</summary>
    public enum MalformedReason
    {
        /// <summary>The input ended before a field was complete.</summary>
        Truncated = 1,
        BadMagic = 2,
        UnsupportedVersion = 3,
        /// <summary>A length field (or a length implied by other fields) is outside its documented bounds.</summary>
        LengthOutOfRange = 4,
        /// <summary>An element count is outside its documented bounds.</summary>
        CountOutOfRange = 5,
        /// <summary>A numeric or enumerated field holds a value the format does not allow.</summary>
        ValueOutOfRange = 6,
        /// <summary>A text field holds characters outside its allowed set.</summary>
        InvalidText = 7,
        /// <summary>Bytes follow the end of a complete object.</summary>
        TrailingBytes = 8,
        DuplicateEntry = 9,
        /// <summary>A required entry is absent, or a reference points to an entry that does not exist.</summary>
        MissingEntry = 10,
        /// <summary>Fields are individually valid but contradict each other.</summary>
        Inconsistent = 11,
    }
}
