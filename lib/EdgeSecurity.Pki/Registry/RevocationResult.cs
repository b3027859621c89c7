namespace EdgeSecurity.Pki.Registry;

public sealed record RevocationResult(string DeviceId, string SerialNumber, bool AlreadyRevoked, long CrlNumber, string CrlPath);
