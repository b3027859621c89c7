namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// The high byte of a report's reason: which code table the low byte comes from (docs/formats/ota.md §5.1).
    /// The families keep the existing failure enums' numbers unchanged on the wire without overlapping.
    /// </summary>
    public enum OtaReasonFamily
    {
        None = 0,

        /// <summary><c>Bundles.BundleFailure</c>.</summary>
        Bundle = 1,

        /// <summary><c>Install.InstallFailure</c>.</summary>
        Install = 2,

        /// <summary><c>Trust.TrustRootFailure</c>.</summary>
        TrustRoot = 3,

        /// <summary><c>Serialization.MalformedReason</c> of the offer's payload.</summary>
        Malformed = 4,

        /// <summary><see cref="OtaFailure"/>.</summary>
        Ota = 5,
    }
}
