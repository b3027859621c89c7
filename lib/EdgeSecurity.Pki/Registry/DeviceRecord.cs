namespace EdgeSecurity.Pki.Registry;

/// <summary>One enrolled device as the fleet registry (devices.json) records it.</summary>
public sealed class DeviceRecord
{
    public required string Id { get; init; }

    public string? HardwareClass { get; set; }

    public DeviceStatus Status { get; set; }

    /// <summary>Serial number of the device's current certificate, uppercase hex as X.509 tools print it.</summary>
    public required string SerialNumber { get; set; }

    /// <summary>SHA-256 of the current certificate (DER), lowercase hex.</summary>
    public required string Thumbprint { get; set; }

    /// <summary>Epoch of the device's current event key: 0 at the first enrolment, one more at each
    /// re-enrolment (a new key). Records name the epoch of the key that MACs them (docs/formats/events.md §2.1).</summary>
    public int KeyEpoch { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>A renewed certificate issued but not yet in force (the device may not have switched yet): its
    /// serial number, or null. The current certificate stays valid until the renewal is completed.</summary>
    public string? PendingSerialNumber { get; set; }

    public string? PendingThumbprint { get; set; }

    public DateTimeOffset? PendingNotAfter { get; set; }

    public string? RevocationReason { get; set; }
}
