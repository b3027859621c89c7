using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Digests;

namespace EdgeSecurity.Signing.Bundles;

/// <summary>What a new bundle says about itself (everything in the manifest except the components).</summary>
public sealed record BundleSpec(
    string HardwareClass,
    BundleVersion Version,
    long SecurityCounter,
    long CreatedUnixSeconds,
    long ExpiresUnixSeconds)
{
    public int ChunkSize { get; init; } = EsHmacSha256V1.DefaultChunkSize;

    public string ReleaseNotes { get; init; } = string.Empty;

    public IReadOnlyList<string> FixedCves { get; init; } = [];
}
