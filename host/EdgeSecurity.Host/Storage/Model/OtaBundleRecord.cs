namespace EdgeSecurity.Host.Storage.Model;

/// <summary>An accepted bundle (the container bytes are stored beside it).</summary>
/// <param name="Id">SHA-256 hex of the container bytes: same bytes, same id.</param>
/// <param name="ManifestBundleId">The manifest's own 16-byte bundle id, hex (what devices report).</param>
public sealed record OtaBundleRecord(
    string Id,
    string ManifestBundleId,
    string HardwareClass,
    string Version,
    long SecurityCounter,
    long ExpiresUnixSeconds,
    long SizeBytes,
    string UploadedBy,
    long UploadedAtMs);
