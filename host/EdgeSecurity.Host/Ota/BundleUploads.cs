using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Signing.Bundles;

namespace EdgeSecurity.Host.Ota;

/// <summary>
/// Accepts a bundle only when a device of its hardware class would: the firmware core's own
/// <see cref="BundleVerifier.VerifyContainer"/> with the fleet trust root, the host clock for expiry, the
/// fleet's minimum security counter for the class, and every chunk of every component. A refused bundle
/// changes nothing; an accepted one is stored under the SHA-256 of its bytes, so uploading it again is a no-op.
/// </summary>
public sealed class BundleUploads(ITelemetryStore store, FleetTrustRoot trust, TimeProvider time)
{
    /// <summary>Validates and stores <paramref name="bytes"/>; throws <see cref="OtaRequestException"/> (400) naming the failure.</summary>
    /// <param name="expectedClass">The hardware class the operator means the bundle for; null: the class of at least one enrolled device.</param>
    public async Task<(OtaBundleRecord Bundle, bool Created)> UploadAsync(byte[] bytes, string? expectedClass, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var root = await trust.RequireAsync(cancellationToken).ConfigureAwait(false);
        BundleFile bundle;
        try
        {
            bundle = BundleFile.Parse(bytes);
        }
        catch (MalformedDataException e)
        {
            throw OtaRequestException.BadRequest($"The bundle is malformed: {e.Message}", nameof(BundleFailure.Malformed));
        }

        var manifest = bundle.Manifest;
        var hardwareClass = expectedClass ?? await FleetClassAsync(manifest.HardwareClass, cancellationToken).ConfigureAwait(false);
        var minimum = await store.Ota.GetMinimumCounterAsync(hardwareClass, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var verdict = BundleFile.Verify(bytes, root.Root, hardwareClass, minimum, now.ToUnixTimeSeconds());
        if (!verdict.IsValid)
        {
            throw OtaRequestException.BadRequest(
                $"Bundle refused ({verdict.Failure}): {verdict.Message} (trust root v{root.Root.Version}, minimum counter for {hardwareClass}: {minimum}).",
                verdict.Failure.ToString());
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var record = new OtaBundleRecord(
            id,
            Convert.ToHexStringLower(manifest.BundleId),
            manifest.HardwareClass,
            manifest.Version.ToString(),
            manifest.SecurityCounter,
            manifest.ExpiresUnixSeconds,
            bytes.Length,
            actor,
            now.ToUnixTimeMilliseconds());
        var created = await store.Ota.AddBundleAsync(
            record,
            bytes,
            new OtaAuditEntry(record.UploadedAtMs, actor, "bundle.upload", $"bundle {id}", $"{manifest.HardwareClass} {record.Version} counter {manifest.SecurityCounter}"),
            cancellationToken).ConfigureAwait(false);
        return created ? (record, true) : (await store.Ota.GetBundleAsync(id, cancellationToken).ConfigureAwait(false) ?? record, false);
    }

    // Without an expected class the bundle must be for hardware the fleet has: a bundle no device could run is a mistake.
    private async Task<string> FleetClassAsync(string bundleClass, CancellationToken cancellationToken)
    {
        var devices = await store.ListDevicesAsync(cancellationToken).ConfigureAwait(false);
        if (devices.Any(d => d.HardwareClass == bundleClass))
        {
            return bundleClass;
        }

        var known = devices.Select(d => d.HardwareClass).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        throw OtaRequestException.BadRequest(
            $"Bundle refused ({BundleFailure.WrongHardwareClass}): it is for hardware class '{bundleClass}', which no enrolled device has (fleet classes: {(known.Count == 0 ? "none" : string.Join(", ", known))}).",
            nameof(BundleFailure.WrongHardwareClass));
    }
}
