using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Host.Ingest;

/// <summary>The one MAC primitive ingest uses for chain checks and acks: the same .NET implementation the
/// simulator and tools use, so the host computes exactly what the device's core computes.</summary>
internal static class IngestMac
{
    public static readonly HmacSha256MacPrimitive Instance = new();
}
