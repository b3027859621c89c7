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

    public DateTimeOffset EnrolledAt { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }
}
