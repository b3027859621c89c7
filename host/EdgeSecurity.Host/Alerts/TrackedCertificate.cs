namespace EdgeSecurity.Host.Alerts;

/// <summary>
/// A certificate whose expiry the host watches: a device's client certificate (subject = device id) or a
/// service certificate (subject = "broker", or the host service's identity).
/// </summary>
public sealed record TrackedCertificate(string Subject, string Role, string SerialNumber, DateTimeOffset NotAfter);
