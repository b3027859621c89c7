namespace EdgeSecurity.Pki.Provisioning;

/// <summary>What a renewal step did: the certificate now pending or in force, and the one it replaces.</summary>
public sealed record RenewalResult(string DeviceId, string SerialNumber, DateTimeOffset NotAfter, string PreviousSerialNumber, string? OutputDirectory, long? CrlNumber);
