using System.Security.Cryptography.X509Certificates;

namespace EdgeSecurity.Pki.Registry;

/// <summary>A certificate on the CRL: a revoked device's certificate, or one replaced by re-enrolment.</summary>
public sealed class RevokedCertificate
{
    public required string SerialNumber { get; init; }

    public required string DeviceId { get; init; }

    public DateTimeOffset RevokedAt { get; init; }

    public X509RevocationReason Reason { get; init; }
}
