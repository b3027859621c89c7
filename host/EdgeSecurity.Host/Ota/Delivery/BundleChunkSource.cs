using System.Collections.Concurrent;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Signing.Bundles;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>
/// Stored bundles opened for delivery: the signed manifest an offer carries and each component chunk a
/// device asks for, cut from the stored container with the core's container reader. Opened bundles are kept
/// (a campaign serves the same bundle to many devices); the store is read once per bundle.
/// </summary>
public sealed class BundleChunkSource(ITelemetryStore store)
{
    private readonly ConcurrentDictionary<string, BundleFile> _open = new(StringComparer.Ordinal);

    public async Task<BundleFile?> OpenAsync(string bundleId, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(bundleId, out var open))
        {
            return open;
        }

        var bytes = await store.Ota.GetBundleContentAsync(bundleId, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        // Stored bundles were validated at upload; parsing again only locates the payloads.
        return _open.GetOrAdd(bundleId, BundleFile.Parse(bytes));
    }

    /// <summary>The bytes of chunk <paramref name="chunkIndex"/> of component <paramref name="componentIndex"/>, or null when the bundle has no such chunk.</summary>
    public static byte[]? Chunk(BundleFile bundle, int componentIndex, int chunkIndex)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var manifest = bundle.Manifest;
        if (componentIndex < 0 || componentIndex >= manifest.ComponentCount)
        {
            return null;
        }

        ComponentEntry component = manifest.GetComponent(componentIndex);
        if (chunkIndex < 0 || chunkIndex >= component.ChunkCount)
        {
            return null;
        }

        var start = bundle.Container.GetComponentOffset(componentIndex) + (chunkIndex * component.ChunkSize);
        return bundle.Bytes.AsSpan(start, component.GetChunkLength(chunkIndex)).ToArray();
    }

    /// <summary>Every chunk of the bundle (the total a download report counts).</summary>
    public static long TotalChunks(BundleFile bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        long total = 0;
        for (var i = 0; i < bundle.Manifest.ComponentCount; i++)
        {
            total += bundle.Manifest.GetComponent(i).ChunkCount;
        }

        return total;
    }
}
