namespace EdgeSecurity.Host.Storage.Model;

public enum DeviceStatus
{
    Active = 0,
    Revoked = 1,
}

/// <summary>What the host knows about one enrolled device.</summary>
public sealed record DeviceRecord(
    string DeviceId,
    DeviceStatus Status,
    string? HardwareClass,
    long EnrolledAtMs,
    long? LastSeenAtMs,
    long? LastHeartbeatAtMs,
    string? FirmwareVersion,
    long? RevokedAtMs)
{
    /// <summary>When the device's current certificate expires (from the fleet registry); null when unknown.</summary>
    public DateTimeOffset? CertificateExpiresAt { get; init; }
}
