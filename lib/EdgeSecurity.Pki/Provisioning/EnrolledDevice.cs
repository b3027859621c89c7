namespace EdgeSecurity.Pki.Provisioning;

/// <summary>What enrolment produced for one device (no secrets).</summary>
public sealed record EnrolledDevice(string DeviceId, string SerialNumber, string Thumbprint, DateTimeOffset NotAfter, string PackageDirectory, bool Replaced);
