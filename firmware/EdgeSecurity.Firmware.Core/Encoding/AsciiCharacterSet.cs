namespace EdgeSecurity.Firmware.Core.Serialization
{
    /// <summary>The character sets the formats allow in text fields (all ASCII).</summary>
    public enum AsciiCharacterSet
    {
        /// <summary>Letters, digits, '.', '_' and '-' (hardware classes, component file names).</summary>
        SafeName = 1,

        /// <summary>Lowercase letters, digits and '-' (role names).</summary>
        LowerIdentifier = 2,

        /// <summary>Uppercase letters, digits and '-' (CVE identifiers).</summary>
        UpperIdentifier = 3,

        /// <summary>Printable ASCII 0x20..0x7E plus line feed (release notes).</summary>
        Printable = 4,
    }
}
