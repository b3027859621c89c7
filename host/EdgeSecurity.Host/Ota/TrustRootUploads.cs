using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Signing.TrustRoots;

namespace EdgeSecurity.Host.Ota;

/// <summary>
/// Accepts a new signed trust root only as a rotation of the host's current one, checked by the firmware
/// core's <see cref="TrustRootVerifier.VerifyRotation"/> against the host clock: a higher version, signed by
/// a threshold of the current root's root keys and of its own, no revoked key counting. It then becomes the
/// root the host validates uploads against, and can be delivered by a trust-root campaign.
/// </summary>
public sealed class TrustRootUploads(ITelemetryStore store, FleetTrustRoot trust, TimeProvider time)
{
    public async Task<(OtaTrustRootRecord Root, bool Created)> UploadAsync(byte[] bytes, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var current = await trust.RequireAsync(cancellationToken).ConfigureAwait(false);
        TrustRootFile candidate;
        try
        {
            candidate = TrustRootFile.Parse(bytes);
        }
        catch (MalformedDataException e)
        {
            throw OtaRequestException.BadRequest($"The trust root is malformed: {e.Message}", nameof(TrustRootFailure.Malformed));
        }

        var existing = (await store.Ota.ListTrustRootsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Version == candidate.Root.Version);
        if (existing is not null && candidate.Signed is not null
            && (await store.Ota.GetTrustRootContentAsync(existing.Version, cancellationToken).ConfigureAwait(false))?.AsSpan().SequenceEqual(bytes) == true)
        {
            return (existing, false);
        }

        if (candidate.Signed is null)
        {
            throw OtaRequestException.BadRequest($"Trust root v{candidate.Root.Version} is not signed: sign it with a threshold of the current and of its own root keys ('edgesec root sign').", nameof(TrustRootFailure.ThresholdNotMet));
        }

        var now = time.GetUtcNow();
        var verdict = candidate.VerifyRotationFrom(current.Root, now.ToUnixTimeSeconds());
        if (!verdict.IsValid)
        {
            throw OtaRequestException.BadRequest($"Trust root refused ({verdict.Failure}): {verdict.Message}.", verdict.Failure.ToString());
        }

        var record = new OtaTrustRootRecord((int)candidate.Root.Version, candidate.Root.ExpiresUnixSeconds, actor, now.ToUnixTimeMilliseconds());
        var created = await store.Ota.AddTrustRootAsync(
            record,
            bytes,
            new OtaAuditEntry(record.UploadedAtMs, actor, "root.upload", $"trust root v{record.Version}", $"rotation from v{current.Root.Version}"),
            cancellationToken).ConfigureAwait(false);
        return (record, created);
    }
}
