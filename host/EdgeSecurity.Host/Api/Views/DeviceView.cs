using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api.Views;

/// <summary>A device as GET /devices shows it: the stored record's fields (unchanged) and its posture.</summary>
public sealed record DeviceView(
    string DeviceId,
    DeviceStatus Status,
    string? HardwareClass,
    long EnrolledAtMs,
    long? LastSeenAtMs,
    long? LastHeartbeatAtMs,
    string? FirmwareVersion,
    long? RevokedAtMs,
    DateTimeOffset? CertificateExpiresAt,
    PostureView Posture)
{
    public static DeviceView Of(DeviceRecord device, DevicePosture? posture, DeviceAttestation? attestation)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(
            device.DeviceId, device.Status, device.HardwareClass, device.EnrolledAtMs, device.LastSeenAtMs, device.LastHeartbeatAtMs, device.FirmwareVersion, device.RevokedAtMs,
            device.CertificateExpiresAt, PostureView.Of(posture, device.CertificateExpiresAt, attestation));
    }
}

/// <summary>Device posture (docs/api.md, "Device posture": which event sets which field). Times are ISO 8601 UTC.</summary>
public sealed record PostureView(
    string? BundleId,
    string? BundleVersion,
    long? SecurityCounter,
    LastBootView? LastBoot,
    string Integrity,
    string Containment,
    DateTimeOffset? LastSeenAt,
    CampaignMembership? Campaign,
    DateTimeOffset? CertificateExpiresAt,
    DateTimeOffset? LastAttestedAt,
    AttestationView Attestation)
{
    public static PostureView Of(DevicePosture? posture, DateTimeOffset? certificateExpiresAt, DeviceAttestation? attestation) => posture is null
        ? new(null, null, null, null, "unknown", "none", null, null, certificateExpiresAt, LastAttested(attestation), AttestationView.Of(attestation))
        : new(
            posture.BundleId,
            posture.BundleVersion,
            posture.SecurityCounter,
            posture.LastBoot is { } boot ? new LastBootView(boot.Result, boot.Reason, DateTimeOffset.FromUnixTimeMilliseconds(boot.AtMs)) : null,
            posture.Integrity,
            posture.Containment,
            posture.LastSeenAtMs is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : null,
            posture.Campaign,
            certificateExpiresAt,
            LastAttested(attestation),
            AttestationView.Of(attestation));

    /// <summary>When the device last proved its posture (a verified answer), whatever happened since.</summary>
    private static DateTimeOffset? LastAttested(DeviceAttestation? attestation) =>
        attestation?.LastAttestedAtMs is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
}

public sealed record LastBootView(string Result, string? Reason, DateTimeOffset At);
