namespace EdgeSecurity.Host.Storage.Model;

/// <summary>An accepted signed trust root (a rotation of the host's previous one); its bytes are stored beside it.</summary>
public sealed record OtaTrustRootRecord(int Version, long ExpiresUnixSeconds, string UploadedBy, long UploadedAtMs);
